using System.Net;
using System.Text.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Commerce;

/// <summary>The generic ingestion API: batches of a source's customers and orders, upserted by external id through the inbox and the drain.</summary>
public sealed class IngestApiTests(ApiFixture api) : WorkspaceTest(api, "ingest")
{
    private CommerceKit Kit => new(Http, Api.Node.Anonymous, Api.Database.Database, Admin.Workspace);

    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static object Order(string id, DateTimeOffset updatedAt, string status = "processing", decimal total = 59.90m) => new
    {
        external_id = id,
        updated_at = updatedAt,
        customer = new { external_id = "A-17", email = "ines@example.com", first_name = "Inès", country_code = "FR" },
        order_number = $"AMZ-{id}",
        currency = "EUR",
        status,
        payment_status = "paid",
        ordered_at = Monday,
        subtotal_amount = 49.90m,
        shipping_amount = 10m,
        total_amount = total,
        items = new[] { new { product_id = "B0001", name = "Kettle", sku = "K-1", quantity = 2, unit_price = 24.95m } },
    };

    private async Task<JsonElement> PostAsync(string path, params object[] items)
    {
        var response = await Http.PostJsonAsync(path, new { items });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    private async Task<TestShop> SourceAsync(string name)
    {
        var list = await new CrmApiClient(Http).GetAsync("/api/v1/integrations");
        var item = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("platform").GetString() == "api" && i.GetProperty("domain").GetString() == name);
        return new TestShop(item.GetProperty("id").GetGuid(), name, "", "api");
    }

    [Fact]
    public async Task A_source_batch_is_upserted_by_external_id_once_and_older_states_are_ignored()
    {
        var first = await PostAsync("/api/v1/ingest/amazon/orders", Order("111-1", Monday), Order("111-2", Monday, total: 20m));
        Assert.Equal((2, 2, 0), (first.GetProperty("received").GetInt32(), first.GetProperty("queued").GetInt32(), first.GetProperty("duplicates").GetInt32()));
        var source = await SourceAsync("amazon");
        await Kit.DrainedAsync(source, 2);

        var orders = await Kit.RowsAsync<OrderRowView>("select * from orders where source = 'amazon' order by order_number");
        Assert.Equal(["AMZ-111-1", "AMZ-111-2"], orders.Select(o => o.OrderNumber));
        Assert.Equal(59.90m, orders[0].TotalAmount); // the source's total, not the items' 49.90
        Assert.Equal("processing", orders[0].Status);
        Assert.Equal(orders[0].CustomerId, orders[1].CustomerId);
        Assert.Equal("A-17", await Kit.ScalarAsync<string>("select external_ids->>'amazon' from customers where id = @CustomerId", orders[0]));
        Assert.Equal(2, await Kit.ScalarAsync<int>("select count(*)::int from timeline_entries where kind = 'order.created' and customer_id = @CustomerId", orders[0]));
        Assert.Equal(2, await Kit.ScalarAsync<int>("select count(*)::int from outbox where topic = 'order.created'"));

        // The same state again is a duplicate; a newer one applies; an older one arriving late is ignored.
        var again = await PostAsync("/api/v1/ingest/amazon/orders", Order("111-1", Monday));
        Assert.Equal(1, again.GetProperty("duplicates").GetInt32());
        await PostAsync("/api/v1/ingest/amazon/orders", Order("111-1", Monday.AddHours(2), status: "shipped"));
        await PostAsync("/api/v1/ingest/amazon/orders", Order("111-1", Monday.AddHours(1), status: "cancelled"));
        await PostAsync("/api/v1/ingest/amazon/customers", new { external_id = "A-17", updated_at = Monday.AddDays(1), email = "ines@example.com", first_name = "Inès", last_name = "Roux" });
        await Kit.DrainedAsync(source, 5);

        var shipped = Assert.Single(await Kit.RowsAsync<OrderRowView>("select * from orders where order_number = 'AMZ-111-1'"));
        Assert.Equal("shipped", shipped.Status);
        Assert.Equal(2, shipped.Version);
        Assert.Equal(1, await Kit.ScalarAsync<int>("select count(*)::int from customers"));
        Assert.Equal("Roux", await Kit.ScalarAsync<string>("select last_name from customers"));
    }

    [Fact]
    public async Task A_bad_item_refuses_the_whole_batch_naming_its_index_and_field()
    {
        var bad = new { external_id = "C-2", updated_at = Monday, first_name = "No email" };
        var good = new { external_id = "C-1", updated_at = Monday, email = "c1@example.com" };
        var response = await Http.PostJsonAsync("/api/v1/ingest/ebay/customers", new { items = new object[] { good, bad, good } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(["items[1].email"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(0, await Kit.ScalarAsync<int>("select count(*)::int from commerce_shops where platform = 'api'"));
        Assert.Equal(0, await Kit.ScalarAsync<int>("select count(*)::int from commerce_inbox where workspace_id = crm_current_workspace()"));

        var orderProblem = await (await Http.PostJsonAsync("/api/v1/ingest/ebay/orders", new { items = new[] { Order("1", Monday), new { external_id = "2", updated_at = Monday, customer = new { email = "x@example.com" }, currency = "EUR", ordered_at = Monday, total_amount = 5m, items = new[] { new { name = "Pen", quantity = 0, unit_price = 1m } } } } })).JsonAsync();
        Assert.Equal(["items[1].items[0].quantity"], orderProblem.GetProperty("errors").EnumerateObject().Select(e => e.Name));

        var tooMany = await Http.PostJsonAsync("/api/v1/ingest/ebay/customers", new { items = Enumerable.Repeat(good, 1001) });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.True((await tooMany.JsonAsync()).GetProperty("errors").TryGetProperty("items", out _));

        var shopName = await Http.PostJsonAsync("/api/v1/ingest/shopify_2/customers", new { items = new[] { good } });
        Assert.Equal(HttpStatusCode.BadRequest, shopName.StatusCode);
        Assert.True((await shopName.JsonAsync()).GetProperty("errors").TryGetProperty("source", out _));
        Assert.Equal(0, await Kit.ScalarAsync<int>("select count(*)::int from commerce_inbox where workspace_id = crm_current_workspace()"));
    }
}
