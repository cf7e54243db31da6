using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Realtime;

/// <summary>
/// A real SignalR client, signed in, sees customer changes of its workspace only, and an agent only those of
/// customers assigned to them.
/// </summary>
public sealed class LivePushTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_connected_client_receives_created_updated_and_deleted_events_of_its_workspace_only()
    {
        var a = await api.Node.UserAsync("push-a", "manager");
        var b = await api.Node.UserAsync("push-b", "manager");
        var (connectionA, eventsA) = await ConnectAsync(a.AccessToken);
        var (connectionB, eventsB) = await ConnectAsync(b.AccessToken);
        await using var _ = connectionA;
        await using var __ = connectionB;

        var id = await CreateAsync(a.Http, "live@example.com");
        var created = await NextAsync(eventsA);
        Assert.Equal((id, "created", 1), (created.GetProperty("customer_id").GetGuid(), created.GetProperty("kind").GetString(), created.GetProperty("version").GetInt32()));

        Assert.Equal(HttpStatusCode.NoContent, (await a.Http.DeleteAsync($"/api/v1/customers/{id}")).StatusCode);
        Assert.Equal("deleted", (await NextAsync(eventsA)).GetProperty("kind").GetString());

        // Workspace B's change reaches B's client and not A's: A's next event is the sentinel A creates afterwards.
        var other = await CreateAsync(b.Http, "other@example.com");
        Assert.Equal((other, "created"), Of(await NextAsync(eventsB)));
        var sentinel = await CreateAsync(a.Http, "sentinel@example.com");
        Assert.Equal((sentinel, "created"), Of(await NextAsync(eventsA)));
    }

    [Fact]
    public async Task An_agents_connection_never_receives_events_about_customers_not_assigned_to_them()
    {
        var manager = await api.Node.UserAsync("push-c", "manager");
        var agent = await api.Node.UserAsync("push-c", "agent");
        var (connection, events) = await ConnectAsync(agent.AccessToken);
        await using var _ = connection;

        await CreateAsync(manager.Http, "someone-elses@example.com");
        var mine = await CreateAsync(manager.Http, "assigned@example.com", agent.Id);
        await CreateAsync(manager.Http, "someone-elses-too@example.com");
        var sentinel = await CreateAsync(manager.Http, "sentinel@example.com", agent.Id);

        // Only the agent's two, in order: nothing about the others came before or between them.
        Assert.Equal(mine, (await NextAsync(events)).GetProperty("customer_id").GetGuid());
        Assert.Equal(sentinel, (await NextAsync(events)).GetProperty("customer_id").GetGuid());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    [InlineData("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIxIiwid3MiOiIyIn0.")]
    public async Task Connecting_without_a_valid_token_fails(string? token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(api.Node.Address, "/hubs/crm"), o => o.AccessTokenProvider = () => Task.FromResult(token))
            .Build();
        await using var _ = connection;
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.NotEqual(HubConnectionState.Connected, connection.State);
    }

    private async Task<(HubConnection, Channel<JsonElement>)> ConnectAsync(string accessToken)
    {
        var events = Channel.CreateUnbounded<JsonElement>();
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(api.Node.Address, "/hubs/crm"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken))
            .Build();
        connection.On<JsonElement>("CustomerChanged", e => events.Writer.TryWrite(e));
        await connection.StartAsync();
        return (connection, events);
    }

    private static (Guid Customer, string? Kind) Of(JsonElement change) =>
        (change.GetProperty("customer_id").GetGuid(), change.GetProperty("kind").GetString());

    private static async Task<JsonElement> NextAsync(Channel<JsonElement> events) =>
        await events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    private static async Task<Guid> CreateAsync(HttpClient http, string email, Guid? owner = null)
    {
        var body = JsonSerializer.SerializeToNode(TestCustomers.Json(email), ApiNode.Json)!.AsObject();
        body["owner_id"] = owner;
        var response = await http.PostJsonAsync("/api/v1/customers", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }
}
