using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SimpleCrm.Api.Fx;
using SimpleCrm.Data.Fx;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Fx;

/// <summary>
/// An order in a currency without a known rate is kept with its USD value pending, left out of the customer's metrics,
/// and restated when rates arrive: from an operator's file (fx import) or through the admin's restatement. Each test
/// uses its own rate-less currency, as rates are global.
/// </summary>
public sealed class PendingUsdTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string OrderedAt = "2026-11-20T10:00:00Z";
    private static readonly DateOnly OrderDay = new(2026, 11, 20);

    private readonly CrmApiClient crm = new(api.Http);

    [Fact]
    public async Task A_known_currency_without_a_rate_is_accepted_as_pending_and_an_unknown_code_is_still_400()
    {
        var customer = await CustomerAsync();
        var paid = await crm.CreateOrderAsync(customer, Number(), "USD", 40m, orderedAt: OrderedAt);
        var pending = await crm.CreateOrderAsync(customer, Number(), "TND", 12.5m, quantity: 2, orderedAt: OrderedAt);

        Assert.True(pending.GetProperty("usd_pending").GetBoolean());
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("total_amount_usd").ValueKind);
        Assert.Equal(25m, pending.GetProperty("total_amount").GetDecimal());
        Assert.False(paid.GetProperty("usd_pending").GetBoolean());

        var listed = (await crm.GetAsync($"/api/v1/customers/{customer}/orders")).GetProperty("items").EnumerateArray()
            .Single(o => o.GetProperty("id").GetGuid() == pending.GetProperty("id").GetGuid());
        Assert.True(listed.GetProperty("usd_pending").GetBoolean());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("total_amount_usd").ValueKind);

        await AssertMetricsAsync(customer, ltvUsd: 40m, orders: 1, pendingOrders: 1);

        var unknown = await crm.PostOrderAsync(customer, Number(), "XYZ", 10m);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.JsonAsync()).GetProperty("errors").TryGetProperty("currency", out _));
    }

    [Fact]
    public async Task Importing_rates_restates_pending_orders_and_the_customer_ltv_then_includes_them()
    {
        var customer = await CustomerAsync();
        await crm.CreateOrderAsync(customer, Number(), "USD", 40m, orderedAt: OrderedAt);
        var kwd = await crm.CreateOrderAsync(customer, Number(), "KWD", 30.75m, orderedAt: OrderedAt);
        var id = kwd.GetProperty("id").GetGuid();
        Assert.True(kwd.GetProperty("usd_pending").GetBoolean());
        await AssertMetricsAsync(customer, ltvUsd: 40m, orders: 1, pendingOrders: 1);

        var file = await RateFileAsync("date,currency,units_per_usd\n2026-11-19,KWD,0.3070\n2026-11-20,KWD,0.3075\n");
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, await FxImportCommand.RunAsync(api.Node.Services, ["import", file], output, error));
        Assert.Contains("loaded 2 rates (KWD 2026-11-19…2026-11-20)", output.ToString());

        // The running node hears the rates arrive and restates the order through its grain; 30.75 KWD at 0.3075 per USD.
        var restated = await EventuallyAsync(async () =>
        {
            var order = await crm.GetAsync($"/api/v1/orders/{id}");
            return order.GetProperty("usd_pending").GetBoolean() ? (JsonElement?)null : order;
        });
        Assert.InRange(restated.GetProperty("total_amount_usd").GetDecimal(), 99.99m, 100.01m);
        Assert.Equal("2026-11-20", restated.GetProperty("fx_rate_date").GetString());
        await AssertMetricsAsync(customer, ltvUsd: 40m + restated.GetProperty("total_amount_usd").GetDecimal(), orders: 2, pendingOrders: 0);
    }

    [Fact]
    public async Task The_admin_restatement_gives_a_pending_order_its_usd_value_and_the_metrics_follow()
    {
        var customer = await CustomerAsync();
        var egp = await crm.CreateOrderAsync(customer, Number(), "EGP", 500m, orderedAt: OrderedAt);
        var id = egp.GetProperty("id").GetGuid();
        Assert.True(egp.GetProperty("usd_pending").GetBoolean());

        // A rate written without telling anyone (straight into the table): nothing changes until an admin restates.
        var usd = (await api.Node.Services.GetRequiredService<FxRates>().GetAsync("USD", OrderDay))!;
        await using (var connection = await api.Node.Services.GetRequiredService<CrmDatabase>().OpenSharedAsync())
        {
            await using var insert = new Npgsql.NpgsqlCommand(
                "insert into fx_rates (rate_date, currency, units_per_eur, source) values (@day, 'EGP', @rate, 'test')", connection);
            insert.Parameters.AddWithValue("day", OrderDay);
            insert.Parameters.AddWithValue("rate", 50m * usd.UnitsPerEur);
            await insert.ExecuteNonQueryAsync();
        }

        Assert.True((await crm.GetAsync($"/api/v1/orders/{id}")).GetProperty("usd_pending").GetBoolean());

        var response = await api.Http.PostJsonAsync("/api/v1/fx/restate", new { from = "2026-11-20", to = "2026-11-20", currency = "EGP" });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(1, (await response.JsonAsync()).GetProperty("restated").GetInt32());

        var order = await crm.GetAsync($"/api/v1/orders/{id}");
        Assert.False(order.GetProperty("usd_pending").GetBoolean());
        Assert.Equal(10m, order.GetProperty("total_amount_usd").GetDecimal());
        await AssertMetricsAsync(customer, ltvUsd: 10m, orders: 1, pendingOrders: 0);
    }

    [Fact]
    public async Task A_bad_rate_file_is_refused_naming_line_and_column_and_nothing_is_loaded()
    {
        var file = await RateFileAsync("date,currency,units_per_usd\n2026-11-20,NGN,1500\n2026-11-21,XYZ,2\n2026-11-22,NGN,abc\n");
        var error = new StringWriter();

        Assert.Equal(1, await FxImportCommand.RunAsync(api.Node.Services, ["import", file], new StringWriter(), error));

        var message = error.ToString();
        Assert.Contains("nothing was written", message);
        Assert.Contains("line 3, column 2 (currency): 'XYZ' is not an ISO 4217 currency code.", message);
        Assert.Contains("line 4, column 3 (units_per_usd): 'abc' is not a decimal number", message);
        Assert.Null(await api.Node.Services.GetRequiredService<FxRates>().GetAsync("NGN", OrderDay)); // line 2 was valid, yet not loaded

        var header = await RateFileAsync("date,currency,rate\n2026-11-20,NGN,1500\n");
        var headerError = new StringWriter();
        Assert.Equal(1, await FxImportCommand.RunAsync(api.Node.Services, ["import", header], new StringWriter(), headerError));
        Assert.Contains("line 1, column 3 (rate): unknown column", headerError.ToString());
        Assert.Equal(2, await FxImportCommand.RunAsync(api.Node.Services, ["import"], new StringWriter(), new StringWriter()));
    }

    private async Task AssertMetricsAsync(Guid customer, decimal ltvUsd, int orders, int pendingOrders)
    {
        var json = await crm.GetAsync($"/api/v1/customers/{customer}");
        Assert.Equal(ltvUsd, json.GetProperty("lifetime_value_usd").GetDecimal());
        Assert.Equal(orders, json.GetProperty("total_orders").GetInt32());
        Assert.Equal(pendingOrders, json.GetProperty("pending_usd_orders").GetInt32());
    }

    private async Task<Guid> CustomerAsync() =>
        (await crm.CreateCustomerAsync($"pending-{Guid.NewGuid():N}@example.com", currency: "USD")).GetProperty("id").GetGuid();

    private static async Task<string> RateFileAsync(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"rates-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement?>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "The pending order was not restated within 20 s.");
            await Task.Delay(200);
        }
    }

    private static string Number() => $"#{Guid.NewGuid():N}"[..12];
}
