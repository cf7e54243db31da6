using System.Net;
using System.Text.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Orders;

/// <summary>Orders through the API: the status machine, refunds, rounding, FX, and exact customer metrics.</summary>
public sealed class OrderLifecycleTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly CrmApiClient crm = new(api.Http);

    [Fact]
    public async Task Metrics_follow_create_cancel_and_refund_sequences_exactly()
    {
        var customer = Id(await crm.CreateCustomerAsync($"metrics-{Guid.NewGuid():N}@example.com", currency: "EUR"));
        var a = await crm.CreateOrderAsync(customer, Number(), "EUR", 100m);
        var b = await crm.CreateOrderAsync(customer, Number(), "EUR", 50m);
        var c = await crm.CreateOrderAsync(customer, Number(), "EUR", 30m);
        var usd = new[] { a, b, c }.Select(o => o.GetProperty("total_amount_usd").GetDecimal()).ToArray();

        await AssertMetricsAsync(customer, orders: 3, ltvEur: 180m, ltvUsd: usd.Sum());

        Assert.Equal(HttpStatusCode.OK, (await crm.ChangeStatusAsync(Id(c), "cancelled")).StatusCode);
        await AssertMetricsAsync(customer, orders: 2, ltvEur: 150m, ltvUsd: usd[0] + usd[1]);

        Assert.Equal(HttpStatusCode.OK, (await crm.ChangeStatusAsync(Id(a), "processing")).StatusCode);
        var partial = await (await crm.RefundAsync(Id(a), 40m)).JsonAsync();
        Assert.Equal("partially_refunded", partial.GetProperty("payment_status").GetString());
        var refundedUsd = partial.GetProperty("refunded_amount_usd").GetDecimal();
        await AssertMetricsAsync(customer, orders: 2, ltvEur: 110m, ltvUsd: usd[0] - refundedUsd + usd[1]);

        var full = await (await crm.RefundAsync(Id(a), 60m, isReturn: true)).JsonAsync();
        Assert.Equal("refunded", full.GetProperty("status").GetString());
        Assert.Equal(usd[0], full.GetProperty("refunded_amount_usd").GetDecimal());
        await AssertMetricsAsync(customer, orders: 1, ltvEur: 50m, ltvUsd: usd[1]);

        var json = await crm.GetAsync($"/api/v1/customers/{customer}");
        Assert.Equal(50m, json.GetProperty("average_order_value").GetDecimal());
    }

    [Fact]
    public async Task Concurrent_orders_for_one_customer_are_all_counted()
    {
        var customer = Id(await crm.CreateCustomerAsync($"burst-{Guid.NewGuid():N}@example.com", currency: "USD"));
        var created = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => crm.CreateOrderAsync(customer, Number(), "USD", i)));

        await AssertMetricsAsync(customer, orders: 20, ltvEur: null, ltvUsd: Enumerable.Range(1, 20).Sum());
        Assert.Equal(20, created.Select(Id).Distinct().Count());
    }

    [Fact]
    public async Task Illegal_status_transitions_are_409_and_change_nothing()
    {
        var customer = Id(await crm.CreateCustomerAsync($"status-{Guid.NewGuid():N}@example.com"));
        var order = Id(await crm.CreateOrderAsync(customer, Number(), "EUR", 20m));

        var skip = await crm.ChangeStatusAsync(order, "delivered");
        Assert.Equal(HttpStatusCode.Conflict, skip.StatusCode);
        Assert.True((await skip.JsonAsync()).GetProperty("errors").TryGetProperty("status", out _));

        foreach (var next in new[] { "processing", "shipped", "delivered" })
        {
            Assert.Equal(HttpStatusCode.OK, (await crm.ChangeStatusAsync(order, next)).StatusCode);
        }

        var back = await crm.ChangeStatusAsync(order, "pending");
        Assert.Equal(HttpStatusCode.Conflict, back.StatusCode);
        var json = await crm.GetAsync($"/api/v1/orders/{order}");
        Assert.Equal("delivered", json.GetProperty("status").GetString());
        Assert.Equal(4, json.GetProperty("version").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, json.GetProperty("delivered_at").ValueKind);

        // Each change is on the customer's timeline (created + three status changes).
        var workspace = await api.Database.CreateWorkspaceAsync("default");
        Assert.Equal(4, await api.Database.ScalarAsync<int>(workspace, "select count(*) from timeline_entries where entity_id = @order", new { order }));
    }

    [Fact]
    public async Task Amounts_respect_the_currency_minor_units()
    {
        var customer = Id(await crm.CreateCustomerAsync($"rounding-{Guid.NewGuid():N}@example.com"));

        var yen = await crm.PostOrderAsync(customer, Number(), "JPY", 1999.5m);
        Assert.Equal(HttpStatusCode.BadRequest, yen.StatusCode);
        Assert.True((await yen.JsonAsync()).GetProperty("errors").TryGetProperty("items[0].unit_price", out _));

        // Bahraini dinar: 3 decimals, no ECB rate, pegged to USD at 0.376.
        var dinar = await crm.CreateOrderAsync(customer, Number(), "BHD", 1.125m, quantity: 3);
        Assert.Equal(3.375m, dinar.GetProperty("total_amount").GetDecimal());
        Assert.Equal(Math.Round(3.375m / 0.376m, 2, MidpointRounding.AwayFromZero), dinar.GetProperty("total_amount_usd").GetDecimal());
        Assert.Equal(HttpStatusCode.BadRequest, (await crm.PostOrderAsync(customer, Number(), "BHD", 1.1255m)).StatusCode);

        var wholeYen = await crm.CreateOrderAsync(customer, Number(), "JPY", 1999m, quantity: 3);
        Assert.Equal(5997m, wholeYen.GetProperty("total_amount").GetDecimal());
        var usd = wholeYen.GetProperty("total_amount_usd").GetDecimal();
        Assert.Equal(Math.Round(usd, 2), usd);
        Assert.InRange(usd, 20m, 80m); // about 5997 / 150
    }

    [Fact]
    public async Task An_order_on_a_day_without_rates_uses_the_nearest_earlier_rate_and_says_which()
    {
        var customer = Id(await crm.CreateCustomerAsync($"weekend-{Guid.NewGuid():N}@example.com"));
        var sunday = await crm.CreateOrderAsync(customer, Number(), "GBP", 80m, orderedAt: "2026-11-22T15:00:00Z");
        var friday = await crm.CreateOrderAsync(customer, Number(), "GBP", 80m, orderedAt: "2026-11-20T09:00:00Z");

        Assert.Equal("2026-11-20", sunday.GetProperty("fx_rate_date").GetString());
        Assert.Equal(friday.GetProperty("total_amount_usd").GetDecimal(), sunday.GetProperty("total_amount_usd").GetDecimal());
    }

    [Fact]
    public async Task Bad_order_input_is_400_naming_the_field_and_writes_nothing()
    {
        var customer = Id(await crm.CreateCustomerAsync($"bad-order-{Guid.NewGuid():N}@example.com"));
        var before = await OrderCountAsync();

        Assert.True((await (await crm.PostOrderAsync(customer, Number(), "EUX", 10m)).JsonAsync()).GetProperty("errors").TryGetProperty("currency", out _));
        Assert.True((await (await crm.PostOrderAsync(Guid.NewGuid(), Number(), "EUR", 10m)).JsonAsync()).GetProperty("errors").TryGetProperty("customer_id", out _));
        Assert.True((await (await crm.PostOrderAsync(customer, Number(), "EUR", 10m, quantity: 0)).JsonAsync()).GetProperty("errors").TryGetProperty("items[0].quantity", out _));
        Assert.True((await (await crm.PostOrderAsync(customer, Number(), "EUR", 10m, status: "refunded")).JsonAsync()).GetProperty("errors").TryGetProperty("status", out _));

        var number = Number();
        await crm.CreateOrderAsync(customer, number, "EUR", 10m);
        var duplicate = await crm.PostOrderAsync(customer, number, "EUR", 10m);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.True((await duplicate.JsonAsync()).GetProperty("errors").TryGetProperty("order_number", out _));
        Assert.Equal(before + 1, await OrderCountAsync());
    }

    [Fact]
    public async Task Refunds_beyond_the_remaining_amount_or_on_pending_orders_are_refused()
    {
        var customer = Id(await crm.CreateCustomerAsync($"refund-{Guid.NewGuid():N}@example.com"));
        var order = Id(await crm.CreateOrderAsync(customer, Number(), "EUR", 20m));

        Assert.Equal(HttpStatusCode.Conflict, (await crm.RefundAsync(order, 5m)).StatusCode); // still pending
        await crm.ChangeStatusAsync(order, "processing");
        Assert.Equal(HttpStatusCode.BadRequest, (await crm.RefundAsync(order, 25m)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await crm.RefundAsync(order, -1m)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await crm.RefundAsync(order, 20m)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await crm.RefundAsync(order, 1m)).StatusCode); // refunded is final
    }

    [Fact]
    public async Task A_customer_with_orders_cannot_be_deleted()
    {
        var customer = Id(await crm.CreateCustomerAsync($"keep-{Guid.NewGuid():N}@example.com"));
        await crm.CreateOrderAsync(customer, Number(), "EUR", 10m);
        var response = await api.Http.DeleteAsync($"/api/v1/customers/{customer}");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task A_customers_orders_list_shows_only_theirs()
    {
        var one = Id(await crm.CreateCustomerAsync($"one-{Guid.NewGuid():N}@example.com"));
        var two = Id(await crm.CreateCustomerAsync($"two-{Guid.NewGuid():N}@example.com"));
        var mine = Id(await crm.CreateOrderAsync(one, Number(), "EUR", 10m));
        await crm.CreateOrderAsync(two, Number(), "EUR", 10m);

        var page = await crm.GetAsync($"/api/v1/customers/{one}/orders");
        Assert.Equal([mine], page.GetProperty("items").EnumerateArray().Select(Id));
        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync($"/api/v1/customers/{Guid.NewGuid()}/orders")).StatusCode);
    }

    private async Task AssertMetricsAsync(Guid customer, int orders, decimal? ltvEur, decimal ltvUsd)
    {
        var json = await crm.GetAsync($"/api/v1/customers/{customer}");
        Assert.Equal(orders, json.GetProperty("total_orders").GetInt32());
        Assert.Equal(ltvUsd, json.GetProperty("lifetime_value_usd").GetDecimal());
        Assert.Equal(Math.Round(ltvUsd / orders, 2, MidpointRounding.AwayFromZero), json.GetProperty("average_order_value_usd").GetDecimal());
        if (ltvEur is not null)
        {
            Assert.Equal(ltvEur, json.GetProperty("lifetime_value").GetDecimal());
        }

        // The row agrees with the grain.
        var workspace = await api.Database.CreateWorkspaceAsync("default");
        Assert.Equal(ltvUsd, await api.Database.ScalarAsync<decimal>(workspace, "select lifetime_value_usd from customers where id = @customer", new { customer }));
    }

    private async Task<long> OrderCountAsync()
    {
        var workspace = await api.Database.CreateWorkspaceAsync("default");
        return await api.Database.ScalarAsync<long>(workspace, "select count(*) from orders");
    }

    private static Guid Id(JsonElement json) => json.GetProperty("id").GetGuid();

    private static string Number() => $"#{Guid.NewGuid().ToString("N")[..10]}";
}
