using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Hosting;

/// <summary>The conventions every endpoint shares: OpenAPI, health, docs, request ids, the web app fallback.</summary>
public sealed class PlatformEndpointTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_served_OpenAPI_document_is_the_one_the_web_app_types_are_generated_from()
    {
        var served = JsonNode.Parse(await api.Http.GetStringAsync("/openapi/v1.json"))!;
        var committedPath = Path.Combine(Repository.Root, "src", "Web", "openapi", "v1.json");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(committedPath))!;

        // Server URLs depend on the port; everything else must match.
        served.AsObject().Remove("servers");
        committed.AsObject().Remove("servers");
        if (!JsonNode.DeepEquals(served, committed))
        {
            var actualPath = Path.Combine(Repository.Root, ".crm", "openapi.actual.json");
            Directory.CreateDirectory(Path.GetDirectoryName(actualPath)!);
            await File.WriteAllTextAsync(actualPath, served.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            Assert.Fail($"The API changed: copy {actualPath} to {committedPath}, then run 'npm run gen:api' in src/Web.");
        }
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_customer_endpoints_with_snake_case_fields()
    {
        var document = JsonNode.Parse(await api.Http.GetStringAsync("/openapi/v1.json"))!;
        Assert.NotNull(document["paths"]!["/api/v1/customers/"] ?? document["paths"]!["/api/v1/customers"]);
        var input = document["components"]!["schemas"]!["CustomerInput"]!["properties"]!.AsObject();
        Assert.Contains("first_name", input.Select(p => p.Key));
        Assert.Contains("country_code", input.Select(p => p.Key));
    }

    [Fact]
    public async Task Health_live_and_ready_answer_and_ready_checks_postgres_and_the_cluster()
    {
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync("/health/live")).StatusCode);
        var ready = await api.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var checks = (await ready.JsonAsync()).GetProperty("checks");
        Assert.Equal("healthy", checks.GetProperty("postgres").GetProperty("status").GetString());
        Assert.Equal("healthy", checks.GetProperty("cluster").GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_interactive_API_reference_is_served()
    {
        var response = await api.Http.GetAsync("/api/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Every_answer_carries_a_request_id_and_problems_repeat_it()
    {
        var response = await api.Http.GetAsync($"/api/v1/customers/{Guid.NewGuid()}");
        var requestId = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.Equal(requestId, (await response.JsonAsync()).GetProperty("request_id").GetString());
    }
}
