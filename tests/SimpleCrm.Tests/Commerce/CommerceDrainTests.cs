using System.Net;
using System.Text.Json.Nodes;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Commerce;

/// <summary>The drain on nodes of their own: a node stopped between the answer and the processing, and events that keep failing.</summary>
public sealed class CommerceDrainTests(CommerceDrainTests.Fixture fixture) : IClassFixture<CommerceDrainTests.Fixture>
{
    /// <summary>One database; each test starts (and stops) its own nodes on it.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public TestDatabase Database { get; } = new();

        public Task InitializeAsync() => Database.InitializeAsync();

        public Task DisposeAsync() => Database.DisposeAsync();
    }

    private TestDatabase Database => fixture.Database;

    [Fact]
    public async Task An_event_acknowledged_before_a_stop_is_applied_exactly_once_after_the_restart()
    {
        TestShop shop;
        await using (var stopped = await ApiNode.StartAsync(Database.ConnectionString, extra: new Dictionary<string, string?> { ["Crm:Commerce:Drain:Enabled"] = "false" }))
        {
            var kit = await KitAsync(stopped);
            shop = await kit.ConnectShopifyAsync();
            var body = CommerceKit.Fixture("shopify-orders-create.json");
            var eventId = Guid.NewGuid().ToString();
            await CommerceKit.AssertOkAsync(kit.ShopifyAsync(shop, "orders/create", body, eventId: eventId));
            await CommerceKit.AssertOkAsync(kit.ShopifyAsync(shop, "orders/create", body, eventId: eventId));
            Assert.Equal(1, await kit.InboxCountAsync(shop.Id));

            // Longer than the drain's idle poll: a running drain would have applied it by now.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var status = await kit.IntegrationAsync(shop);
            Assert.Equal((1L, 0L), (status.GetProperty("events_pending").GetInt64(), status.GetProperty("events_processed").GetInt64()));
            Assert.Equal(0, await kit.ScalarAsync<int>("select count(*)::int from orders"));
        }

        await using var restarted = await ApiNode.StartAsync(Database.ConnectionString);
        var again = await KitAsync(restarted);
        var drained = await again.DrainedAsync(shop, 1);
        Assert.Equal(1, drained.GetProperty("events_processed").GetInt64());
        Assert.Equal(1, await again.ScalarAsync<int>("select count(*)::int from orders where order_number = '#9999'"));
        Assert.Equal(1, await again.ScalarAsync<int>("select count(*)::int from audit_log where entity_type = 'order' and action = 'create'"));
    }

    [Fact]
    public async Task An_event_that_keeps_failing_becomes_a_dead_letter_with_its_error_and_can_be_retried()
    {
        await using var node = await ApiNode.StartAsync(Database.ConnectionString, extra: new Dictionary<string, string?> { ["Crm:Commerce:Drain:RetryDelaySeconds"] = "0.01" });
        var kit = await KitAsync(node);
        var shop = await kit.ConnectShopifyAsync();
        var noBuyer = CommerceKit.Vary("shopify-orders-create.json", o =>
        {
            o["id"] = 7001;
            o["customer"] = null;
            o["email"] = null;
            o["contact_email"] = null;
        });
        await CommerceKit.AssertOkAsync(kit.ShopifyAsync(shop, "orders/create", noBuyer));
        var status = await kit.DrainedAsync(shop, 1);
        Assert.Equal(1, status.GetProperty("events_dead").GetInt64());

        var letter = Assert.Single((await new CrmApiClient(node.Http).GetAsync("/api/v1/integrations/dead-letters")).GetProperty("items").EnumerateArray());
        Assert.Equal("orders/create", letter.GetProperty("topic").GetString());
        Assert.Equal(5, letter.GetProperty("attempts").GetInt32());
        Assert.Contains("neither a customer nor an email", letter.GetProperty("error").GetString());
        Assert.Equal(0, await kit.ScalarAsync<int>("select count(*)::int from orders"));

        var retry = await node.Http.PostAsync($"/api/v1/integrations/dead-letters/{letter.GetProperty("id").GetInt64()}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.PostAsync("/api/v1/integrations/dead-letters/999999999/retry", null)).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonNode? again;
        do
        {
            await Task.Delay(100);
            again = JsonNode.Parse(await node.Http.GetStringAsync("/api/v1/integrations/dead-letters"))!["items"]!.AsArray().SingleOrDefault();
        }
        while ((again is null || again["attempts"]!.GetValue<int>() < 5) && DateTime.UtcNow < deadline);
        Assert.Equal(5, again!["attempts"]!.GetValue<int>());
    }

    private async Task<CommerceKit> KitAsync(ApiNode node)
    {
        var me = await new CrmApiClient(node.Http).GetAsync("/api/v1/auth/me");
        var workspace = new WorkspaceId(me.GetProperty("workspace").GetProperty("id").GetGuid());
        return new CommerceKit(node.Http, node.Anonymous, Database.Database, workspace);
    }
}
