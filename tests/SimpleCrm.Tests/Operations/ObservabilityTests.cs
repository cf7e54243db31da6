using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Operations;

/// <summary>What an operator sees: one log line per request and no personal data in logs, traces from HTTP through the
/// grain to SQL, and the admin-only Prometheus endpoint and Orleans dashboard.</summary>
public sealed class ObservabilityTests(ObservedNodeFixture fixture) : IClassFixture<ObservedNodeFixture>
{
    private ApiNode Node => fixture.Node;

    [Fact]
    public async Task A_customers_email_and_name_never_reach_the_log_across_create_read_search_and_sign_in()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var email = $"zoe.{marker}@private.example";
        var lastName = $"Privatname{marker}";
        var member = $"agent.{marker}@team.example";
        var workspace = $"logs-{marker}";
        var admin = await Node.UserAsync(workspace, "admin");

        var created = await admin.Http.PostJsonAsync("/api/v1/customers", new
        {
            first_name = "Zoë", last_name = lastName, email, phone = "+49 30 901820", country_code = "DE",
            timezone = "Europe/Berlin", language = "de", currency = "EUR", tags = new[] { "vip" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync($"/api/v1/customers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync($"/api/v1/customers?q={Uri.EscapeDataString(email)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync($"/api/v1/customers?q={lastName}")).StatusCode);
        await Node.UserAsync(workspace, "agent", member);
        var wrong = await Node.Anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = member, password = "not-the-password-at-all" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var unknown = await Node.Anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = $"nobody.{marker}@private.example", password = "whatever-it-is-here" });
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        await Node.SignInAsync(member, ApiNode.UserPassword);

        var logs = fixture.Logs.Entries;
        var leaks = logs.Where(l => l.Contains(marker, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(leaks.Count == 0, "Personal data in the log:\n" + string.Join('\n', leaks));

        // One line per request, naming the route template rather than the path, with status, duration, request id and workspace.
        var reads = logs.Where(l => l.Contains("RequestLogLine", StringComparison.Ordinal) && Regex.IsMatch(l, @"GET /api/v1/customers/\{id[^}]*\} 200 ")).ToList();
        var read = Assert.Single(reads, l => l.Contains($"workspace={admin.Workspace.Value}"));
        Assert.Matches(@" \d+\.\d ms request=\S+ workspace=", read);
    }

    [Fact]
    public async Task One_trace_follows_a_create_from_Kestrel_through_the_grain_call_to_its_SQL_statements()
    {
        var admin = await Node.UserAsync($"trace-{Guid.NewGuid():N}"[..20], "admin");
        var created = await admin.Http.PostJsonAsync("/api/v1/customers", TestCustomers.Json($"trace-{Guid.NewGuid():N}@example.com"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        Activity? server = null;
        for (var i = 0; i < 50 && server is null; i++)
        {
            server = fixture.Spans.FirstOrDefault(s => s.Kind == ActivityKind.Server && s.Source.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
                && (s.GetTagItem("http.route") as string)?.TrimEnd('/') == "/api/v1/customers" && s.GetTagItem("http.request.method") as string == "POST"
                && s.GetTagItem("http.response.status_code") is 201);
            await Task.Delay(100);
        }

        Assert.True(server is not null, "No server span for the create among: " + string.Join(", ", fixture.Spans
            .GroupBy(s => $"{s.Source.Name} {s.Kind}").Select(g => $"{g.Key} x{g.Count()}"))
            + string.Join(", ", fixture.Spans.Where(s => s.Source.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal))
                .Select(s => $"{s.DisplayName}:{s.GetTagItem("http.route")}:{s.GetTagItem("http.response.status_code")}")));
        await Task.Delay(300);
        var trace = fixture.Spans.Where(s => s.TraceId == server.TraceId).ToList();
        var byId = trace.ToDictionary(s => s.SpanId);
        bool Descends(Activity span, Activity ancestor)
        {
            for (var parent = span.ParentSpanId; byId.TryGetValue(parent, out var next); parent = next.ParentSpanId)
            {
                if (next.SpanId == ancestor.SpanId)
                {
                    return true;
                }
            }

            return false;
        }

        var grainCalls = trace.Where(s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && Descends(s, server)).ToList();
        Assert.NotEmpty(grainCalls);
        var sql = trace.Where(s => s.Source.Name == "Npgsql" && grainCalls.Any(g => Descends(s, g))).ToList();
        Assert.True(sql.Count > 0, $"No SQL span under a grain call in trace {server.TraceId} for customer {id}: "
            + string.Join(", ", trace.Select(s => $"{s.Source.Name}:{s.DisplayName}")));
    }

    [Fact]
    public async Task Metrics_expose_the_operator_figures_to_the_operator_only()
    {
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(Node.Address, "/hubs/crm"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(Node.Http.DefaultRequestHeaders.Authorization!.Parameter))
            .Build();
        await hub.StartAsync();
        await Node.Http.GetAsync("/api/v1/auth/me");
        using var operatorClient = Raw(Node.Http.DefaultRequestHeaders.Authorization!.Parameter);
        var text = "";
        for (var i = 0; i < 50 && !Regex.IsMatch(text, @"(?m)^crm_hub_connections(\{[^}]*\})? 1(\s|$)"); i++)
        {
            await Task.Delay(200);
            text = await operatorClient.GetStringAsync("/metrics");
        }

        foreach (var name in new[]
        {
            "http_server_request_duration_seconds_bucket", "http_route=\"/api/v1/auth/me\"", "crm_commerce_inbox_depth", "crm_commerce_inbox_lag_seconds",
            "crm_outbox_depth", "crm_outbox_age_seconds", "crm_hub_connections", "orleans_grains",
        })
        {
            Assert.True(text.Contains(name, StringComparison.Ordinal), $"/metrics lacks {name}");
        }

        Assert.Matches(@"(?m)^crm_hub_connections(\{[^}]*\})? 1(\s|$)", text);
        await AssertOperatorOnlyAsync("/metrics");
    }

    [Fact]
    public async Task The_Orleans_dashboard_is_served_to_the_operator_only()
    {
        using var operatorClient = Raw(Node.Http.DefaultRequestHeaders.Authorization!.Parameter);
        var page = await operatorClient.GetAsync("/ops/orleans/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("html", (await page.Content.ReadAsStringAsync()).ToLowerInvariant(), StringComparison.Ordinal);
        await AssertOperatorOnlyAsync("/ops/orleans/");
    }

    private async Task AssertOperatorOnlyAsync(string path)
    {
        using var anonymous = Raw(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);

        var manager = await Node.UserAsync("default", "manager");
        using var managerClient = Raw(manager.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await managerClient.GetAsync(path)).StatusCode);

        // A workspace's own admin sees only that workspace; cluster-wide figures belong to the operator.
        var otherAdmin = await Node.UserAsync($"ops-{Guid.NewGuid():N}"[..20], "admin");
        using var otherAdminClient = Raw(otherAdmin.AccessToken);
        var refused = await otherAdminClient.GetAsync(path);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A plain client: these operator endpoints are outside the OpenAPI document the contract-checking client knows.</summary>
    private HttpClient Raw(string? token)
    {
        var http = new HttpClient { BaseAddress = Node.Address };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }
}
