using System.Net;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Operations;

/// <summary>
/// Prometheus scrapes /metrics without a user session: with an API key of the operator's workspace that has the
/// ops:metrics scope, or with the configured scrape token. Everyone else is still refused.
/// </summary>
public sealed class MetricsScrapeCredentialTests : IAsyncLifetime
{
    private const string ScrapeToken = "scrape-7f3c1e9a-long-random-token";
    private readonly TestDatabase database = new();
    private ApiNode node = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        node = await ApiNode.StartAsync(database.ConnectionString, extra: new Dictionary<string, string?> { ["Crm:Metrics:ScrapeToken"] = ScrapeToken });
    }

    public async Task DisposeAsync()
    {
        await node.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task The_configured_scrape_token_reads_metrics_and_a_wrong_one_is_refused()
    {
        using var scraper = Raw();
        scraper.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ScrapeToken);
        var scraped = await scraper.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("# TYPE", await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The token opens /metrics only, not the dashboard or the API.
        Assert.Equal(HttpStatusCode.Unauthorized, (await scraper.GetAsync("/ops/orleans/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await scraper.GetAsync("/api/v1/customers")).StatusCode);

        using var wrong = Raw();
        wrong.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ScrapeToken + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/metrics")).StatusCode);
        using var none = Raw();
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task An_operator_key_with_the_metrics_scope_reads_metrics_and_other_keys_and_users_are_refused()
    {
        using var scoped = Raw(await CreateKeyAsync(node.Http, "ops:metrics"));
        var scraped = await scoped.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("# TYPE", await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await scoped.GetAsync("/ops/orleans/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scoped.GetAsync("/api/v1/customers")).StatusCode);

        using var unscoped = Raw(await CreateKeyAsync(node.Http, "customers:read"));
        Assert.Equal(HttpStatusCode.Forbidden, (await unscoped.GetAsync("/metrics")).StatusCode);

        var manager = await node.UserAsync("default", "manager");
        using var managerClient = Raw();
        managerClient.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", manager.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await managerClient.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Another_workspace_cannot_create_a_metrics_key()
    {
        var otherAdmin = await node.UserAsync($"shop-{Guid.NewGuid():N}"[..20], "admin");
        var refused = await otherAdmin.Http.PostJsonAsync("/api/v1/api-keys", new { name = "prometheus", scopes = new[] { "ops:metrics" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.JsonAsync()).GetProperty("errors").TryGetProperty("scopes", out _));
    }

    private static async Task<string> CreateKeyAsync(HttpClient admin, string scope)
    {
        var created = await admin.PostJsonAsync("/api/v1/api-keys", new { name = $"key {scope}", scopes = new[] { scope } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync()).GetProperty("key").GetString()!;
    }

    /// <summary>A plain client: /metrics and the dashboard are outside the OpenAPI document the contract-checking client knows.</summary>
    private HttpClient Raw(string? apiKey = null)
    {
        var http = new HttpClient { BaseAddress = node.Address };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return http;
    }
}
