using SimpleCrm.Contracts.Common;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Commerce;

/// <summary>
/// The drain applying one claimed batch of many entities at once: orders that share buyers, two shops' buyers with one
/// email, an update before its create, repeated deliveries. Its own database, so its orders stand alone.
/// </summary>
public sealed class CommerceDrainBatchTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    private TestDatabase Database => database;

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task A_batch_of_orders_becomes_each_order_once_with_its_buyer_whatever_repeats_and_orders_it_holds()
    {
        static byte[] Order(long orderId, long buyerId, string email, decimal total, DateTimeOffset updatedAt) =>
            CommerceKit.Vary("shopify-orders-create.json", o =>
            {
                o["id"] = orderId;
                o["name"] = $"#{orderId}";
                o["cancelled_at"] = null;
                o["financial_status"] = "paid";
                o["total_price"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
                o["updated_at"] = updatedAt.ToString("O");
                o["email"] = email;
                o["contact_email"] = email;
                o["customer"]!["id"] = buyerId;
                o["customer"]!["email"] = email;
            });

        // Every event waits in the inbox first, so the drain claims them as one batch and applies its entities at once.
        TestShop shop, us;
        var events = 0;
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        await using (var stopped = await ApiNode.StartAsync(Database.ConnectionString, extra: new Dictionary<string, string?> { ["Crm:Commerce:Drain:Enabled"] = "false" }))
        {
            var kit = await KitAsync(stopped);
            shop = await kit.ConnectShopifyAsync("batch-eu.myshopify.com");
            us = await kit.ConnectShopifyAsync("batch-us.myshopify.com");
            async Task SendAsync(string topic, long orderId, long buyerId, string email, decimal total, DateTimeOffset updatedAt, TestShop? to = null)
            {
                await CommerceKit.AssertOkAsync(kit.ShopifyAsync(to ?? shop, topic, Order(orderId, buyerId, email, total, updatedAt), triggeredAt: updatedAt));
                events++;
            }

            await SendAsync("orders/create", 8001, 101, "ann@example.com", 10m, t0);
            await SendAsync("orders/create", 8002, 101, "ann@example.com", 20m, t0);            // the same buyer again
            await SendAsync("orders/create", 8003, 102, "shared@example.com", 30m, t0);
            await SendAsync("orders/create", 8004, 103, "shared@example.com", 40m, t0, us);     // the other shop's buyer, the same email: the same person
            await SendAsync("orders/updated", 8005, 101, "ann@example.com", 55m, t0.AddMinutes(5)); // the update before its create
            await SendAsync("orders/create", 8005, 101, "ann@example.com", 50m, t0);
            await SendAsync("orders/create", 8001, 101, "ann@example.com", 10m, t0);            // the same event again, as Shopify resends it
        }

        Guid ann, shared;
        await using (var node = await ApiNode.StartAsync(Database.ConnectionString))
        {
            var kit = await KitAsync(node);
            var drained = await kit.DrainedAsync(shop, events - 1);
            Assert.Equal(events - 1L, drained.GetProperty("events_processed").GetInt64());
            Assert.Equal(0, drained.GetProperty("events_dead").GetInt64());
            Assert.Equal(1, (await kit.DrainedAsync(us, 1)).GetProperty("events_processed").GetInt64());

            // Each event applied on its first attempt: the two shops' buyers with one email met within the batch, not on a retry.
            Assert.Equal(1, await kit.InboxMaxAttemptsAsync(shop.Id, us.Id));

            var orders = await OrdersAsync(kit);
            Assert.Equal(["#8001", "#8002", "#8003", "#8004", "#8005"], orders.Select(o => o.Number));
            Assert.Equal(55m, orders[4].Total); // the update is newer than the create that came after it
            ann = orders[0].CustomerId;
            shared = orders[2].CustomerId;
            Assert.Equal([ann, ann, shared, shared, ann], orders.Select(o => o.CustomerId));
            Assert.NotEqual(ann, shared);
            Assert.Equal("ann@example.com", await kit.ScalarAsync<string>("select email from customers where id = @ann", new { ann }));
            Assert.Equal(2, await kit.ScalarAsync<int>("select count(*)::int from customers where email in ('ann@example.com', 'shared@example.com')"));
            Assert.Equal(2, await kit.ScalarAsync<int>("select count(*)::int from customer_external_ids where customer_id = @shared", new { shared }));
            await AssertCountedOnceAsync(node, kit, ann, shared, sharedValue: 70m);
        }

        // On a node whose order grains have not read these orders, a create event for one that exists (a delivery
        // repeated after a crash, here with the shop's newer state) inserts nothing and is applied as an update.
        await using var third = await ApiNode.StartAsync(Database.ConnectionString);
        var last = await KitAsync(third);
        await CommerceKit.AssertOkAsync(last.ShopifyAsync(shop, "orders/create", Order(8003, 102, "shared@example.com", 33m, t0.AddMinutes(9)), triggeredAt: t0.AddMinutes(9)));
        await last.DrainedAsync(shop, events);
        var after = await OrdersAsync(last);
        Assert.Equal(5, after.Count);
        Assert.Equal(33m, after[2].Total);
        await AssertCountedOnceAsync(third, last, ann, shared, sharedValue: 73m);
    }

    private static async Task<List<(string Number, Guid CustomerId, decimal Total)>> OrdersAsync(CommerceKit kit) =>
        (await kit.RowsAsync<(string Number, Guid CustomerId, decimal Total)>(
            "select order_number, customer_id, total_amount from orders where order_number like '#800_' order by order_number")).ToList();

    /// <summary>Each order created once (audit), counted once by its customer's grain, and once on the customer's live timeline.</summary>
    private static async Task AssertCountedOnceAsync(ApiNode node, CommerceKit kit, Guid ann, Guid shared, decimal sharedValue)
    {
        Assert.Equal(5, await kit.ScalarAsync<int>("select count(*)::int from audit_log where entity_type = 'order' and action = 'create' and entity_id = any(@ids)",
            new { ids = (await kit.RowsAsync<Guid>("select id from orders where order_number like '#800_'")).ToArray() }));
        var client = new CrmApiClient(node.Http);
        foreach (var (customer, count, value) in new[] { (ann, 3, 85m), (shared, 2, sharedValue) })
        {
            var held = await client.GetAsync($"/api/v1/customers/{customer}");
            Assert.Equal(count, held.GetProperty("total_orders").GetInt32());
            Assert.Equal(value, held.GetProperty("lifetime_value_usd").GetDecimal());
            var timeline = (await client.GetAsync($"/api/v1/customers/{customer}/timeline")).GetProperty("items").EnumerateArray()
                .Where(e => e.GetProperty("kind").GetString() == "order.created").ToList();
            Assert.Equal(count, timeline.Count);
        }
    }

    private async Task<CommerceKit> KitAsync(ApiNode node)
    {
        var me = await new CrmApiClient(node.Http).GetAsync("/api/v1/auth/me");
        var workspace = new WorkspaceId(me.GetProperty("workspace").GetProperty("id").GetGuid());
        return new CommerceKit(node.Http, node.Anonymous, Database.Database, workspace);
    }
}
