using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Text;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Analytics;
using SimpleCrm.Api.Fx;
using SimpleCrm.Data.Analytics;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Analytics;

/// <summary>
/// The hourly revenue rollup the revenue reports read equals a recomputation from orders after every kind of write
/// (creates in parallel, a status change, a cancellation, partial and full refunds, a moved shipping country, a USD
/// restatement, an erasure), and the reports it answers equal the same reports computed from orders.
/// </summary>
public sealed class RevenueHourlyRollupTests(ApiFixture api) : WorkspaceTest(api, "revhour")
{
    private const string Day = "2026-11-18";

    [Fact]
    public async Task The_rollup_equals_a_recomputation_from_orders_after_a_mixed_stream_of_writes()
    {
        var de = await CustomerAsync("DE", "EUR");
        var jp = await CustomerAsync("JP", "JPY");
        var kw = await CustomerAsync("KW", "KWD");

        // Twenty orders at once into the same few hours: concurrent writers of the same rollup rows.
        var hours = new[] { "00:10", "00:50", "13:05", "23:59" };
        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            OrderAsync(i % 2 == 0 ? de : jp, i % 2 == 0 ? "EUR" : "JPY", 10m + i, i % 3 == 0 ? null : "DE", $"{Day}T{hours[i % hours.Length]}:00Z", "delivered")));
        await AssertRollupEqualsOrdersAsync();

        Assert.Equal(HttpStatusCode.OK, (await Crm.RefundAsync(created[0], 3.5m)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Crm.RefundAsync(created[1], 11m)).StatusCode); // all of it: refunded
        var pending = await OrderAsync(de, "EUR", 40m, "AT", $"{Day}T09:00:00Z", null);
        Assert.Equal(HttpStatusCode.OK, (await Crm.ChangeStatusAsync(pending, "cancelled")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.PatchAsJsonAsync($"/api/v1/orders/{created[2]}", new { shipping_country = "FR" }, ApiNode.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.PatchAsJsonAsync($"/api/v1/orders/{created[4]}", new { status = "refunded" }, ApiNode.Json)).StatusCode);
        await AssertRollupEqualsOrdersAsync();

        // KWD has no rate yet: pending in USD until a rate is loaded and the order is restated.
        await OrderAsync(kw, "KWD", 12.345m, "KW", $"{Day}T10:30:00Z", null);
        Assert.Equal(1, await AssertRollupEqualsOrdersAsync());
        var file = Path.Combine(Path.GetTempPath(), $"rates-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, $"date,currency,units_per_usd\n{Day},KWD,0.3075\n");
        Assert.Equal(0, await FxImportCommand.RunAsync(Api.Node.Services, ["import", file], new StringWriter(), new StringWriter()));
        // The order's grain restates it after the import: wait for that write, then compare again.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await AssertRollupEqualsOrdersAsync() != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The KWD order was not restated in USD.");
            await Task.Delay(100);
        }

        // An erasure rewrites the person's orders but keeps what revenue counts.
        var email = (await Crm.GetAsync($"/api/v1/customers/{jp}")).GetProperty("email").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await Http.PostJsonAsync($"/api/v1/customers/{jp}/erase", new { confirm = email.ToUpperInvariant() })).StatusCode);
        await AssertRollupEqualsOrdersAsync();
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-11-17", "2026-11-19")]
    [InlineData("UTC", "2026-11-18", "2026-11-18")]
    [InlineData("America/New_York", "2026-11-01", "2026-11-30")]
    public async Task Revenue_reports_from_the_rollup_equal_the_same_reports_from_orders(string zone, string from, string to)
    {
        var de = await CustomerAsync("DE", "EUR");
        var bh = await CustomerAsync("BH", "BHD");
        foreach (var (at, i) in new[] { "00:30", "01:15", "04:59", "05:00", "22:45", "23:15" }.Select((t, i) => (t, i)))
        {
            await OrderAsync(i % 2 == 0 ? de : bh, i % 2 == 0 ? "EUR" : "BHD", 7.25m * (i + 1), i % 3 == 0 ? "DE" : null, $"{Day}T{at}:00Z", "delivered");
        }

        var request = new ReportRequest(LocalDatePattern.Iso.Parse(from).Value, LocalDatePattern.Iso.Parse(to).Value, zone, false);
        var rollup = request.Window(new Caller(Admin.Workspace, Admin.Id, null, null, Roles.Admin, new HashSet<Permission>()));
        Assert.True(rollup.HourAligned);
        var orders = rollup with { HourAligned = false };
        var queries = Api.Node.Services.GetRequiredService<AnalyticsQueries>();

        var byCountry = await queries.RevenueByCountryAsync(Admin.Workspace, rollup);
        Assert.NotEmpty(byCountry);
        Assert.Equal(byCountry, await queries.RevenueByCountryAsync(Admin.Workspace, orders));
        foreach (var period in Enum.GetValues<ReportPeriod>())
        {
            var trends = await queries.OrderTrendsAsync(Admin.Workspace, rollup, period);
            Assert.NotEmpty(trends);
            Assert.Equal(trends, await queries.OrderTrendsAsync(Admin.Workspace, orders, period));
        }
    }

    /// <summary>Compares every rollup row of the workspace with the orders' figures per UTC hour; returns the orders pending in USD.</summary>
    private async Task<int> AssertRollupEqualsOrdersAsync()
    {
        await using var session = await Api.Database.Database.BeginAsync(Admin.Workspace);
        var parameters = new { workspace = Admin.Workspace.Value };
        var rollup = (await session.QueryAsync<string>("""
            select concat_ws(' ', hour at time zone 'UTC', coalesce(country_code, '-'), currency, orders, revenue, revenue_usd, usd_pending_orders)
            from revenue_hourly where workspace_id = @workspace and orders <> 0
            order by 1
            """, parameters)).ToList();
        var recomputed = (await session.QueryAsync<string>("""
            select concat_ws(' ', date_trunc('hour', ordered_at, 'UTC') at time zone 'UTC', coalesce(shipping_country, '-'), currency, count(*),
                             sum(total_amount - refunded_amount), coalesce(sum(total_amount_usd - refunded_amount_usd), 0)::numeric(20, 4),
                             count(*) filter (where usd_pending))
            from orders where workspace_id = @workspace and status not in ('cancelled', 'refunded')
            group by date_trunc('hour', ordered_at, 'UTC'), shipping_country, currency
            order by 1
            """, parameters)).ToList();
        Assert.NotEmpty(recomputed);
        Assert.Equal(recomputed, rollup);
        // Rows whose orders all left count nothing else either.
        Assert.Equal(0, await session.QuerySingleOrDefaultAsync<int>(
            "select count(*)::int from revenue_hourly where workspace_id = @workspace and orders = 0 and (revenue <> 0 or revenue_usd <> 0 or usd_pending_orders <> 0)", parameters));
        return await session.QuerySingleOrDefaultAsync<int>("select count(*)::int from orders where workspace_id = @workspace and usd_pending and status not in ('cancelled', 'refunded')", parameters);
    }

    private async Task<Guid> CustomerAsync(string country, string currency) =>
        (await Crm.CreateCustomerAsync($"{country.ToLowerInvariant()}-{Guid.NewGuid():N}@rollup.test", currency, country)).GetProperty("id").GetGuid();

    private async Task<Guid> OrderAsync(Guid customer, string currency, decimal amount, string? country, string orderedAt, string? status)
    {
        var response = await Http.PostJsonAsync("/api/v1/orders", new
        {
            customer_id = customer,
            order_number = $"H-{Guid.NewGuid():N}"[..12],
            currency,
            shipping_country = country,
            items = new[] { new { product_id = "sku-1", product_name = "Linen shirt", quantity = 1, unit_price = amount } },
            ordered_at = orderedAt,
            status,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }
}
