using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SimpleCrm.Data.Customers;
using SimpleCrm.Data.Lists;
using SimpleCrm.Grains.Customers;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Api;

/// <summary>Two workspaces holding customers with the same email: each sees only its own.</summary>
public sealed class WorkspaceIsolationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string SharedEmail = "same.person@example.com";
    private readonly Dictionary<string, HttpClient> members = [];

    [Fact]
    public async Task Each_workspace_sees_only_its_own_customers_through_the_api_lists_and_grains()
    {
        var north = await api.Database.CreateWorkspaceAsync("north-shop");
        var south = await api.Database.CreateWorkspaceAsync("south-shop");
        var northId = await CreateAsync("north-shop", "Nora");
        var southId = await CreateAsync("south-shop", "Sami");

        // API, single reads: the other workspace's id is simply not found.
        Assert.Equal("Nora", (await GetAsync("north-shop", northId)).GetProperty("first_name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, "north-shop", southId)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, "south-shop", northId)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Delete, "south-shop", northId)).StatusCode);

        // API, lists: one customer each, with the shared email.
        Assert.Equal([northId], await ListIdsAsync("north-shop"));
        Assert.Equal([southId], await ListIdsAsync("south-shop"));

        // List queries straight against the store.
        var queries = api.Node.Services.GetRequiredService<CustomerQueries>();
        Assert.Equal([northId], (await queries.ListAsync(north.WorkspaceId, new CustomerFilter { Search = SharedEmail }, CustomerQueries.DefaultSort, new PageRequest(50, null, 0, false))).Items.Select(c => c.Id));

        // Grains: the same customer id under the other workspace's key is another, empty grain.
        var grains = api.Node.Services.GetRequiredService<IGrainFactory>();
        Assert.NotNull(await grains.GetCustomer(north.WorkspaceId, northId).GetAsync());
        Assert.Null(await grains.GetCustomer(south.WorkspaceId, northId).GetAsync());

        // The database itself: a session of one workspace cannot see the other's rows even without a filter.
        Assert.Equal(1, await api.Database.ScalarAsync<int>(north, "select count(*) from customers where lower(email) = @SharedEmail", new { SharedEmail }));
        Assert.Equal(southId, await api.Database.ScalarAsync<Guid>(south, "select id from customers where lower(email) = @SharedEmail", new { SharedEmail }));
    }

    [Fact]
    public async Task The_workspace_comes_from_the_token_and_a_header_naming_another_is_ignored()
    {
        await api.Database.CreateWorkspaceAsync("east-shop");
        var westId = await CreateAsync("west-shop", "Wanda");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/customers/{westId}");
        request.Headers.Add("X-Workspace", "west-shop");
        var response = await (await MemberAsync("east-shop")).SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<HttpClient> MemberAsync(string workspace)
    {
        if (!members.TryGetValue(workspace, out var http))
        {
            http = members[workspace] = (await api.Node.UserAsync(workspace, "admin")).Http;
        }

        return http;
    }

    private async Task<Guid> CreateAsync(string workspace, string firstName)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers")
        {
            Content = JsonContent.Create(new { first_name = firstName, last_name = "Shared", email = SharedEmail, country_code = "SE" }, options: ApiNode.Json),
        };
        var response = await (await MemberAsync(workspace)).SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    private async Task<System.Text.Json.JsonElement> GetAsync(string workspace, Guid id) =>
        await (await Send(HttpMethod.Get, workspace, id)).JsonAsync();

    private async Task<HttpResponseMessage> Send(HttpMethod method, string workspace, Guid id) =>
        await (await MemberAsync(workspace)).SendAsync(new HttpRequestMessage(method, $"/api/v1/customers/{id}"));

    private async Task<List<Guid>> ListIdsAsync(string workspace)
    {
        var page = await (await (await MemberAsync(workspace)).GetAsync("/api/v1/customers")).JsonAsync();
        return page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
    }
}
