using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Api;

/// <summary>A real SignalR client sees customer changes of its workspace, and only of its workspace.</summary>
public sealed class LivePushTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_connected_client_receives_created_updated_and_deleted_events_of_its_workspace_only()
    {
        await api.Database.CreateWorkspaceAsync("push-a");
        await api.Database.CreateWorkspaceAsync("push-b");
        var (connectionA, eventsA) = await ConnectAsync("push-a");
        var (connectionB, eventsB) = await ConnectAsync("push-b");
        await using var _ = connectionA;
        await using var __ = connectionB;

        var id = await CreateAsync("push-a", "live@example.com");
        var created = await NextAsync(eventsA);
        Assert.Equal((id, "created", 1), (created.GetProperty("customer_id").GetGuid(), created.GetProperty("kind").GetString(), created.GetProperty("version").GetInt32()));

        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/customers/{id}");
        delete.Headers.Add("X-Workspace", "push-a");
        Assert.Equal(HttpStatusCode.NoContent, (await api.Http.SendAsync(delete)).StatusCode);
        Assert.Equal("deleted", (await NextAsync(eventsA)).GetProperty("kind").GetString());

        // Workspace B's client heard nothing of A; its own change does reach it.
        await CreateAsync("push-b", "other@example.com");
        Assert.Equal("created", (await NextAsync(eventsB)).GetProperty("kind").GetString());
        Assert.False(eventsA.Reader.TryRead(out var leaked), $"workspace A received {leaked}");
    }

    [Fact]
    public async Task Connecting_to_an_unknown_workspace_fails()
    {
        var connection = Build("no-such-workspace");
        await using var _ = connection;
        await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync());
        Assert.NotEqual(HubConnectionState.Connected, connection.State);
    }

    private async Task<(HubConnection, Channel<JsonElement>)> ConnectAsync(string workspace)
    {
        var events = Channel.CreateUnbounded<JsonElement>();
        var connection = Build(workspace);
        connection.On<JsonElement>("CustomerChanged", e => events.Writer.TryWrite(e));
        await connection.StartAsync();
        return (connection, events);
    }

    private HubConnection Build(string workspace) =>
        new HubConnectionBuilder().WithUrl(new Uri(api.Node.Address, $"/hubs/crm?workspace={workspace}")).Build();

    private static async Task<JsonElement> NextAsync(Channel<JsonElement> events) =>
        await events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    private async Task<Guid> CreateAsync(string workspace, string email)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers") { Content = JsonContent.Create(TestCustomers.Json(email), options: ApiNode.Json) };
        request.Headers.Add("X-Workspace", workspace);
        var response = await api.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }
}
