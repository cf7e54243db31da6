using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SimpleCrm.Data.Customers;
using SimpleCrm.Data.Lists;
using SimpleCrm.Data.Workspaces;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Grains.Customers;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Workspaces;

/// <summary>
/// Two workspaces made the way a customer of the service makes them (sign-up over HTTP), holding customers with the
/// same email and tags: each sees only its own, through every door.
/// </summary>
public sealed class WorkspaceIsolationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string SharedEmail = "same.person@example.com";

    [Fact]
    public async Task Each_workspace_sees_only_its_own_customers_through_the_api_lists_search_tags_and_grains()
    {
        var north = await api.Node.SignUpAsync("North Shop");
        var south = await api.Node.SignUpAsync("South Shop");
        Assert.NotEqual(north.Workspace, south.Workspace);
        var northId = await CreateAsync(north.Http, "Nora", "north-vip");
        var southId = await CreateAsync(south.Http, "Sami", "south-vip");

        // API, single reads and writes: the other workspace's id is simply not found.
        Assert.Equal("Nora", (await (await north.Http.GetAsync($"/api/v1/customers/{northId}")).JsonAsync()).GetProperty("first_name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await north.Http.GetAsync($"/api/v1/customers/{southId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await south.Http.GetAsync($"/api/v1/customers/{northId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await south.Http.PutAsJsonAsync($"/api/v1/customers/{northId}",
            new { first_name = "Taken", last_name = "Over", email = "x@example.com", country_code = "SE" }, ApiNode.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await south.Http.DeleteAsync($"/api/v1/customers/{northId}")).StatusCode);

        // Lists, search (by the shared email and by name) and the ?id= list: one customer each.
        Assert.Equal([northId], await IdsAsync(north.Http, "/api/v1/customers"));
        Assert.Equal([southId], await IdsAsync(south.Http, "/api/v1/customers"));
        Assert.Equal([southId], await IdsAsync(south.Http, $"/api/v1/customers?q={Uri.EscapeDataString(SharedEmail)}"));
        Assert.Empty(await IdsAsync(south.Http, "/api/v1/customers?q=Nora"));
        Assert.Empty(await IdsAsync(south.Http, $"/api/v1/customers?id={northId}"));

        // Tags: each workspace counts only its own, and filtering by the other's tag finds nothing.
        Assert.Equal(["north-vip"], await TagsAsync(north.Http));
        Assert.Equal(["south-vip"], await TagsAsync(south.Http));
        Assert.Empty(await IdsAsync(south.Http, "/api/v1/customers?tag=north-vip"));

        // The team: each workspace sees only its own admin.
        Assert.Equal([north.Email], await TeamAsync(north.Http));
        Assert.Equal([south.Email], await TeamAsync(south.Http));

        // List queries straight against the store.
        var queries = api.Node.Services.GetRequiredService<CustomerQueries>();
        Assert.Equal([northId], (await queries.ListAsync(north.Workspace, new CustomerFilter { Search = SharedEmail }, CustomerQueries.DefaultSort, new PageRequest(50, null, 0, false))).Items.Select(c => c.Id));

        // Grains: the same customer id under the other workspace's key is another, empty grain.
        var grains = api.Node.Services.GetRequiredService<IGrainFactory>();
        Assert.NotNull(await grains.GetCustomer(north.Workspace, northId).GetAsync());
        Assert.Null(await grains.GetCustomer(south.Workspace, northId).GetAsync());

        // The database itself: a session of one workspace cannot see the other's rows (customers, members) even without a filter.
        var workspaces = new WorkspaceDirectory(api.Database.Database);
        var northRow = (await workspaces.FindAsync(north.Workspace.ToString()))!;
        var southRow = (await workspaces.FindAsync(south.Workspace.ToString()))!;
        Assert.Equal(1, await api.Database.ScalarAsync<int>(northRow, "select count(*) from customers where lower(email) = @SharedEmail", new { SharedEmail }));
        Assert.Equal(southId, await api.Database.ScalarAsync<Guid>(southRow, "select id from customers where lower(email) = @SharedEmail", new { SharedEmail }));
        Assert.Equal(south.UserId, await api.Database.ScalarAsync<Guid>(southRow, "select user_id from workspace_members"));
    }

    [Fact]
    public async Task The_workspace_comes_from_the_token_and_a_header_naming_another_is_ignored()
    {
        var east = await api.Node.SignUpAsync("East Shop");
        var west = await api.Node.SignUpAsync("West Shop");
        var westId = await CreateAsync(west.Http, "Wanda", "west");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/customers/{westId}");
        request.Headers.Add("X-Workspace", west.Workspace.ToString());
        var response = await east.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<Guid> CreateAsync(HttpClient http, string firstName, string tag)
    {
        var response = await http.PostAsJsonAsync("/api/v1/customers",
            new { first_name = firstName, last_name = "Shared", email = SharedEmail, country_code = "SE", tags = new[] { tag } }, ApiNode.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    private static async Task<List<Guid>> IdsAsync(HttpClient http, string url)
    {
        var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
    }

    private static async Task<List<string>> TagsAsync(HttpClient http) =>
        Items(await (await http.GetAsync("/api/v1/tags")).JsonAsync()).Select(t => t.GetProperty("tag").GetString()!).ToList();

    private static async Task<List<string>> TeamAsync(HttpClient http) =>
        (await (await http.GetAsync("/api/v1/users")).JsonAsync()).GetProperty("items").EnumerateArray().Select(u => u.GetProperty("email").GetString()!).ToList();

    private static IEnumerable<JsonElement> Items(JsonElement body) =>
        body.ValueKind == JsonValueKind.Array ? body.EnumerateArray() : body.GetProperty("items").EnumerateArray();
}
