using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SimpleCrm.Api.Fx;
using SimpleCrm.Contracts.Analytics;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Analytics;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Analytics;

/// <summary>
/// Live revenue held by the revenue grains equals what SQL computes from the orders after a mixed stream of writes,
/// and a dashboard hears an order's change over the hub within a second.
/// </summary>
public sealed class LiveRevenueTests(ApiFixture api) : WorkspaceTest(api, "liverev")
{
    private const string Day = "2026-11-20";

    [Fact]
    public async Task After_creates_cancellations_refunds_and_a_restatement_the_grains_equal_a_full_sql_recomputation()
    {
        var de = await CustomerAsync("DE", "EUR");
        var jp = await CustomerAsync("JP", "JPY");
        var kw = await CustomerAsync("KW", "KWD");

        var refunded = await OrderAsync(de, "USD", 100m, "DE", "delivered");
        Assert.Equal(HttpStatusCode.OK, (await Crm.RefundAsync(refunded, 30m)).StatusCode);
        var cancelled = await OrderAsync(de, "USD", 50m, "DE");
        Assert.Equal(HttpStatusCode.OK, (await Crm.ChangeStatusAsync(cancelled, "cancelled")).StatusCode);
        await OrderAsync(jp, "JPY", 1200m, "JP");
        var fullyRefunded = await OrderAsync(jp, "JPY", 800m, "JP", "delivered");
        Assert.Equal(HttpStatusCode.OK, (await Crm.RefundAsync(fullyRefunded, 800m)).StatusCode);
        var shipped = await OrderAsync(de, "EUR", 19.99m, "AT");
        Assert.Equal(HttpStatusCode.OK, (await Crm.ChangeStatusAsync(shipped, "processing")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Crm.ChangeStatusAsync(shipped, "shipped")).StatusCode);
        await OrderAsync(kw, "BHD", 5.5m, country: null);
        await OrderAsync(kw, "KWD", 12.345m, "KW");

        // KWD has no rate yet: the order is pending until an operator loads one; the node then restates it through its grain.
        await AssertLiveEqualsSqlAsync(expectPendingUsd: 1);
        var file = Path.Combine(Path.GetTempPath(), $"rates-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, $"date,currency,units_per_usd\n{Day},KWD,0.3075\n");
        Assert.Equal(0, await FxImportCommand.RunAsync(Api.Node.Services, ["import", file], new StringWriter(), new StringWriter()));
        var cells = await AssertLiveEqualsSqlAsync(expectPendingUsd: 0);

        var kwd = cells.Single(c => c.Currency == "KWD");
        Assert.Equal((1, 12.345m), (kwd.Orders, kwd.Revenue));
        Assert.InRange(kwd.RevenueUsd, 40.14m, 40.15m); // 12.345 / 0.3075
        var germany = cells.Single(c => c.CountryCode == "DE");
        Assert.Equal((1, 70m), (germany.Orders, germany.Revenue)); // 100 − 30; the cancelled order is out
        var japan = cells.Single(c => c.Currency == "JPY");
        Assert.Equal((1, 1200m), (japan.Orders, japan.Revenue)); // the fully refunded order is out
        Assert.Equal("", cells.Single(c => c.Currency == "BHD").CountryCode);

        // The API shows the stored day; a shipping country of none is null there.
        var shown = (await Crm.GetAsync($"/api/v1/analytics/live-revenue?from={Day}&to={Day}")).GetProperty("days")[0].GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(cells.Count, shown.Count);
        Assert.Contains(shown, r => r.GetProperty("country_code").ValueKind == JsonValueKind.Null && r.GetProperty("revenue").GetDecimal() == 5.5m);
    }

    [Fact]
    public async Task A_dashboard_hears_an_order_within_a_second_and_an_agent_gets_only_their_own_figures()
    {
        var events = Channel.CreateUnbounded<JsonElement>();
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Api.Node.Address, "/hubs/crm"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(Admin.AccessToken))
            .Build();
        var clock = Stopwatch.StartNew();
        var heardAt = TimeSpan.Zero;
        connection.On<JsonElement>("RevenueChanged", e =>
        {
            heardAt = clock.Elapsed;
            events.Writer.TryWrite(e);
        });
        await connection.StartAsync();
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var before = await Crm.GetAsync("/api/v1/analytics/live-revenue");
        Assert.Equal(today, before.GetProperty("days")[0].GetProperty("day").GetString());

        var customer = await CustomerAsync("FR", "EUR");
        var response = await Http.PostJsonAsync("/api/v1/orders", new
        {
            customer_id = customer,
            order_number = $"L-{Guid.NewGuid():N}"[..12],
            currency = "EUR",
            shipping_country = "FR",
            items = new[] { new { product_id = "sku-1", product_name = "Linen shirt", quantity = 2, unit_price = 21.5m } },
        });
        // The order is written (committed) once its 201 is here; the push must follow within a second, if not before.
        var writtenAt = clock.Elapsed;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var pushed = await events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(heardAt - writtenAt < TimeSpan.FromSeconds(1), $"The push came {(heardAt - writtenAt).TotalMilliseconds:0} ms after the order was written.");
        Assert.Equal(today, pushed.GetProperty("day").GetString());
        var france = pushed.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("country_code").GetString() == "FR");
        Assert.Equal((1, 43m), (france.GetProperty("orders").GetInt32(), france.GetProperty("revenue").GetDecimal()));

        var agent = await MemberAsync("agent");
        var theirs = await Crm.CreateCustomerAsync(new { first_name = "Own", last_name = "Customer", email = $"own-{Guid.NewGuid():N}@live.test", country_code = "IT", currency = "EUR", owner_id = agent.Id });
        await Crm.CreateOrderAsync(theirs.GetProperty("id").GetGuid(), $"L-{Guid.NewGuid():N}"[..12], "EUR", 10m);
        var own = (await new CrmApiClient(agent.Http).GetAsync("/api/v1/analytics/live-revenue")).GetProperty("days")[0].GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([(1, 10m)], own.Select(r => (r.GetProperty("orders").GetInt32(), r.GetProperty("revenue").GetDecimal())));
    }

    /// <summary>Waits until the day's grain and its stored rows equal the recomputation from orders, and returns them.</summary>
    private async Task<IReadOnlyList<RevenueCell>> AssertLiveEqualsSqlAsync(int expectPendingUsd)
    {
        var workspace = Admin.Workspace;
        var store = Api.Node.Services.GetRequiredService<RevenueDailyStore>();
        var grain = Api.Node.Services.GetRequiredService<IGrainFactory>().GetGrain<IRevenueDayGrain>(workspace.Value, Day);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var truth = await store.RecomputeAsync(workspace, Day);
            var live = await grain.GetAsync();
            var stored = await store.ListAsync(workspace, DateOnly.Parse(Day), DateOnly.Parse(Day));
            if (truth.Sum(c => c.UsdPendingOrders) == expectPendingUsd && Same(truth, live) && Same(truth, stored))
            {
                return live;
            }

            Assert.True(DateTime.UtcNow < deadline,
                $"Live revenue did not reach the recomputation.\nSQL:    {Text(truth)}\ngrain:  {Text(live)}\nstored: {Text(stored)}");
            await Task.Delay(100);
        }
    }

    private static bool Same(IEnumerable<RevenueCell> a, IEnumerable<RevenueCell> b) => Text(a) == Text(b);

    private static string Text(IEnumerable<RevenueCell> cells) =>
        string.Join("; ", cells.OrderBy(c => c.CountryCode, StringComparer.Ordinal).ThenBy(c => c.Currency, StringComparer.Ordinal)
            .Select(c => $"{c.CountryCode}/{c.Currency} {c.Orders} {c.Revenue:0.####} {c.RevenueUsd:0.####} {c.UsdPendingOrders}"));

    private async Task<Guid> CustomerAsync(string country, string currency) =>
        (await Crm.CreateCustomerAsync($"{country.ToLowerInvariant()}-{Guid.NewGuid():N}@live.test", currency, country)).GetProperty("id").GetGuid();

    private async Task<Guid> OrderAsync(Guid customer, string currency, decimal amount, string? country, string? status = null)
    {
        var response = await Http.PostJsonAsync("/api/v1/orders", new
        {
            customer_id = customer,
            order_number = $"L-{Guid.NewGuid():N}"[..12],
            currency,
            shipping_country = country,
            items = new[] { new { product_id = "sku-1", product_name = "Linen shirt", quantity = 1, unit_price = amount } },
            ordered_at = $"{Day}T10:00:00Z",
            status,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }
}
