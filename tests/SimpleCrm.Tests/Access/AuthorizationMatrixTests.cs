using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SimpleCrm.Api.Access;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Access;

/// <summary>
/// Every endpoint × every role × a resource that is theirs, one that is not assigned to them, and one of
/// another workspace → the expected status. The endpoint list is read from the running app, so a new
/// endpoint without an access rule fails here first.
/// </summary>
public sealed class AuthorizationMatrixTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private sealed record Endpoint(string Method, string Pattern, Permission? Permission, bool SignedInOnly, bool Anonymous, string ContentType);

    private sealed record Resources(Guid AssignedCustomer, Guid UnassignedCustomer, Guid AssignedOrder, Guid UnassignedOrder, Guid Victim, Guid ApiKey);

    [Fact]
    public void Every_api_endpoint_declares_who_may_call_it()
    {
        var missing = Endpoints().Where(e => e.Permission is null && !e.SignedInOnly && !e.Anonymous).Select(e => $"{e.Method} {e.Pattern}").ToList();
        Assert.True(missing.Count == 0, "Endpoints without an access rule: " + string.Join(", ", missing));
        Assert.True(Endpoints().Count > 40, "the endpoint list looks incomplete");
    }

    [Fact]
    public async Task Every_endpoint_answers_every_role_as_the_permission_table_says()
    {
        var roles = new Dictionary<string, TestUser>();
        foreach (var role in Roles.All)
        {
            roles[role] = await api.Node.UserAsync("matrix-own", role);
        }

        var own = await SeedAsync(roles[Roles.Admin], roles[Roles.Agent].Id);
        var foreignAdmin = await api.Node.UserAsync("matrix-foreign", Roles.Admin);
        var foreign = await SeedAsync(foreignAdmin, foreignAdmin.Id);

        var failures = new List<string>();
        foreach (var endpoint in Endpoints().Where(e => !e.Anonymous))
        {
            // No credentials: always 401.
            var anonymous = await SendAsync(api.Node.Anonymous, endpoint, Fill(endpoint.Pattern, own, assigned: true));
            Expect(failures, endpoint, "anonymous", anonymous, HttpStatusCode.Unauthorized);
            if (endpoint.SignedInOnly || IsSelfService(endpoint))
            {
                continue; // every signed-in user may; checked for 401 above
            }

            foreach (var (role, user) in roles)
            {
                var allowed = Permissions.ForRole(role).Contains(endpoint.Permission!.Value);
                var onCustomer = endpoint.Pattern.Contains("{id", StringComparison.Ordinal) && (endpoint.Pattern.StartsWith("/api/v1/customers", StringComparison.Ordinal) || endpoint.Pattern.StartsWith("/api/v1/orders", StringComparison.Ordinal));
                var mine = await SendAsync(user.Http, endpoint, Fill(endpoint.Pattern, own, assigned: true));
                if (!allowed)
                {
                    Expect(failures, endpoint, $"{role}/own", mine, HttpStatusCode.Forbidden);
                    continue;
                }

                ExpectAllowed(failures, endpoint, $"{role}/own", mine);
                if (onCustomer)
                {
                    // Not assigned: agents get 404, everyone else may.
                    var other = await SendAsync(user.Http, endpoint, Fill(endpoint.Pattern, own, assigned: false));
                    if (role == Roles.Agent)
                    {
                        Expect(failures, endpoint, $"{role}/unassigned", other, HttpStatusCode.NotFound, HttpStatusCode.BadRequest);
                    }
                    else
                    {
                        ExpectAllowed(failures, endpoint, $"{role}/unassigned", other);
                    }

                    // Another workspace's customer or order does not exist for anyone here.
                    var elsewhere = await SendAsync(user.Http, endpoint, Fill(endpoint.Pattern, foreign, assigned: true));
                    Expect(failures, endpoint, $"{role}/other-workspace", elsewhere, HttpStatusCode.NotFound, HttpStatusCode.BadRequest);
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} unexpected answers:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task An_agents_list_search_and_export_contain_only_customers_assigned_to_them()
    {
        var admin = await api.Node.UserAsync("matrix-lists", Roles.Admin);
        var agent = await api.Node.UserAsync("matrix-lists", Roles.Agent);
        var crm = new CrmApiClient(admin.Http);
        var mine = (await crm.CreateCustomerAsync(new { first_name = "Zora", last_name = "Mine", email = "zora.mine@example.com", country_code = "DE", owner_id = agent.Id })).GetProperty("id").GetGuid();
        await crm.CreateCustomerAsync(new { first_name = "Zora", last_name = "Theirs", email = "zora.theirs@example.com", country_code = "DE" });

        foreach (var url in new[] { "/api/v1/customers", "/api/v1/customers?q=zora", "/api/v1/customers?q=theirs", "/api/v1/customers?owner=" + admin.Id })
        {
            var page = await new CrmApiClient(agent.Http).GetAsync(url);
            var ids = page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
            Assert.All(ids, id => Assert.Equal(mine, id));
        }

        var export = await agent.Http.GetStringAsync("/api/v1/customers/export?format=csv");
        Assert.Contains("zora.mine@example.com", export);
        Assert.DoesNotContain("zora.theirs@example.com", export);

        // An agent's new customer is theirs, whatever owner the request names.
        var created = await new CrmApiClient(agent.Http).CreateCustomerAsync(new { first_name = "New", last_name = "One", email = "new.one@example.com", country_code = "DE", owner_id = admin.Id });
        Assert.Equal(agent.Id, created.GetProperty("owner_id").GetGuid());
    }

    private async Task<Resources> SeedAsync(TestUser admin, Guid agentId)
    {
        var crm = new CrmApiClient(admin.Http);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var assigned = (await crm.CreateCustomerAsync(new { first_name = "Asa", last_name = "Assigned", email = $"asa-{tag}@example.com", country_code = "SE", currency = "EUR", owner_id = agentId })).GetProperty("id").GetGuid();
        var unassigned = (await crm.CreateCustomerAsync(new { first_name = "Una", last_name = "Other", email = $"una-{tag}@example.com", country_code = "SE", currency = "EUR" })).GetProperty("id").GetGuid();
        var assignedOrder = (await crm.CreateOrderAsync(assigned, $"A-{tag}", "EUR", 10m)).GetProperty("id").GetGuid();
        var unassignedOrder = (await crm.CreateOrderAsync(unassigned, $"U-{tag}", "EUR", 10m)).GetProperty("id").GetGuid();
        var victim = (await CreatedAsync(admin.Http, "/api/v1/users", new { email = $"victim-{tag}@example.com", role = "readonly" })).GetProperty("id").GetGuid();
        var key = (await CreatedAsync(admin.Http, "/api/v1/api-keys", new { name = "matrix", scopes = new[] { "customers:read" } })).GetProperty("id").GetGuid();
        return new Resources(assigned, unassigned, assignedOrder, unassignedOrder, victim, key);
    }

    private static async Task<System.Text.Json.JsonElement> CreatedAsync(HttpClient http, string url, object body)
    {
        var response = await http.PostJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    private static string Fill(string pattern, Resources r, bool assigned)
    {
        var id = pattern.StartsWith("/api/v1/orders", StringComparison.Ordinal) ? (assigned ? r.AssignedOrder : r.UnassignedOrder)
            : pattern.StartsWith("/api/v1/users", StringComparison.Ordinal) ? r.Victim
            : pattern.StartsWith("/api/v1/api-keys", StringComparison.Ordinal) ? r.ApiKey
            : assigned ? r.AssignedCustomer : r.UnassignedCustomer;
        var url = new StringBuilder(pattern)
            .Replace("{id:guid}", id.ToString()).Replace("{id}", id.ToString())
            .Replace("{key}", "matrix_field").Replace("{tag}", "matrix-tag").ToString();
        return url;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, Endpoint endpoint, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), url);
        if (endpoint.Method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent(endpoint.ContentType == "application/json" ? "{}" : "", Encoding.UTF8, endpoint.ContentType);
        }

        return await http.SendAsync(request);
    }

    private static void Expect(List<string> failures, Endpoint endpoint, string who, HttpResponseMessage response, params HttpStatusCode[] expected)
    {
        if (!expected.Contains(response.StatusCode))
        {
            failures.Add($"{endpoint.Method} {endpoint.Pattern} as {who}: {(int)response.StatusCode}, expected {string.Join(" or ", expected.Select(s => (int)s))}");
        }
    }

    /// <summary>Allowed means: neither refused (401/403) nor broken (5xx). A 400 for the empty body is fine.</summary>
    private static void ExpectAllowed(List<string> failures, Endpoint endpoint, string who, HttpResponseMessage response)
    {
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || (int)response.StatusCode >= 500)
        {
            failures.Add($"{endpoint.Method} {endpoint.Pattern} as {who}: {(int)response.StatusCode}, expected it allowed");
        }
    }

    /// <summary>The caller's own account: sign-out and friends would end the test's own sessions.</summary>
    private static bool IsSelfService(Endpoint endpoint) => endpoint.Pattern.StartsWith("/api/v1/auth/", StringComparison.Ordinal);

    private List<Endpoint> Endpoints() =>
        api.Node.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api/v1", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new Endpoint(
                method,
                e.RoutePattern.RawText!.TrimEnd('/'),
                e.Metadata.GetMetadata<RequiresPermission>()?.Permission,
                e.Metadata.GetMetadata<SignedIn>() is not null,
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes.FirstOrDefault() ?? "application/json")))
            .ToList();
}
