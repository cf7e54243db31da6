using System.Net;
using System.Text.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Analytics;

/// <summary>
/// Acquisition, geography, lifetime value, cohorts and products on a small data set checked by hand: A (DE, Bayern,
/// USD, the agent's), B (JP, Tokyo, JPY, an ERP id), C (BH, no region, BHD: 37.600 BHD is exactly 100 USD) and D (DE,
/// no orders). Sign-up times and one order sit around the end of summer time in Berlin (2026-10-25 03:00 CEST → 02:00
/// CET) or across a month's end, so Berlin's buckets differ from UTC's.
/// </summary>
public sealed class CustomerInsightReportTests(ApiFixture api) : WorkspaceTest(api, "insights")
{
    private const string OctoberToNovember = "from=2026-10-01&to=2026-11-30";

    private TestUser agent = null!;
    private Guid a;
    private Guid b;
    private Guid c;
    private Guid d;
    private decimal jpyUsd;

    protected override async Task SeedAsync()
    {
        agent = await MemberAsync("agent");
        a = await CustomerAsync("DE", "Bayern", "USD", agent.Id);
        b = await CustomerAsync("JP", "Tokyo", "JPY", null);
        c = await CustomerAsync("BH", null, "BHD", null);
        d = await CustomerAsync("DE", null, "USD", null);

        // A: shirts 2 × 30 and a hat 40, a quarter refunded; then a shirt in November and a hat on 30 Nov 23:30 UTC (Berlin: 1 Dec).
        var a1 = await OrderAsync(a, "USD", "2026-10-01T12:00:00Z", "delivered", Item("shirt", 2, 30m), Item("hat", 1, 40m));
        Assert.Equal(HttpStatusCode.OK, (await Crm.RefundAsync(a1.GetProperty("id").GetGuid(), 25m)).StatusCode);
        await OrderAsync(a, "USD", "2026-11-03T12:00:00Z", Item("shirt", 1, 30m));
        await OrderAsync(a, "USD", "2026-11-30T23:30:00Z", Item("hat", 1, 40m));
        jpyUsd = (await OrderAsync(b, "JPY", "2026-10-25T22:30:00Z", Item("shirt", 1, 1500m))).GetProperty("total_amount_usd").GetDecimal();
        await OrderAsync(c, "BHD", "2026-11-15T10:00:00Z", Item("hat", 1, 37.6m));
        var cancelled = await OrderAsync(c, "BHD", "2026-11-16T10:00:00Z", Item("shirt", 1, 10.125m));
        Assert.Equal(HttpStatusCode.OK, (await Crm.ChangeStatusAsync(cancelled.GetProperty("id").GetGuid(), "cancelled")).StatusCode);

        // Sign-up times in the past only come through the database: Berlin days 25, 25, 26, 26 October; UTC days 24, 25, 25, 26.
        var workspace = await Api.Database.CreateWorkspaceAsync(Workspace);
        await using var session = await Api.Database.Database.BeginAsync(workspace.WorkspaceId);
        foreach (var (id, at) in new[] { (a, "2026-10-24T22:30:00Z"), (b, "2026-10-25T22:30:00Z"), (c, "2026-10-25T23:30:00Z"), (d, "2026-10-26T10:00:00Z") })
        {
            await session.ExecuteAsync("update customers set created_at = @at where id = @id", new { id, at = DateTime.Parse(at, null, System.Globalization.DateTimeStyles.AdjustToUniversal) });
        }

        // B carries another system's id, as an import with an external_ids column gives it.
        await session.ExecuteAsync("""update customers set external_ids = '{"erp": "42"}' where id = @b""", new { b });
        await session.CommitAsync();
    }

    [Fact]
    public async Task Acquisition_trends_count_new_customers_per_source_in_the_viewers_days_across_the_dst_change()
    {
        var berlin = await RowsAsync("acquisition-trends?from=2026-10-24&to=2026-10-26&tz=Europe/Berlin");
        Assert.Equal(["2026-10-25 direct 1", "2026-10-25 linked 1", "2026-10-26 direct 2"], berlin.Select(Acquired));

        var utc = await RowsAsync("acquisition-trends?from=2026-10-24&to=2026-10-26");
        Assert.Equal(["2026-10-24 direct 1", "2026-10-25 direct 1", "2026-10-25 linked 1", "2026-10-26 direct 1"], utc.Select(Acquired));

        var weeks = await RowsAsync("acquisition-trends?from=2026-10-01&to=2026-10-31&tz=Europe/Berlin&period=week");
        Assert.Equal(["2026-10-19 direct 1", "2026-10-19 linked 1", "2026-10-26 direct 2"], weeks.Select(Acquired));
    }

    [Fact]
    public async Task Geographic_distribution_gives_each_country_a_total_then_its_regions_with_usd_revenue_and_aov()
    {
        var rows = await RowsAsync($"geographic-distribution?{OctoberToNovember}");
        Assert.Equal(["DE ", "DE Bayern", "BH ", "JP ", "JP Tokyo"], rows.Select(r => $"{r.GetProperty("country_code").GetString()} {r.GetProperty("region").GetString()}"));
        // DE: A and D live there; A's orders: 100 − 25 refunded, 30 and 40.
        Assert.Equal((2, 3, 145m, 48.33m), Figures(rows[0]));
        Assert.Equal((1, 3, 145m, 48.33m), Figures(rows[1]));
        Assert.Equal((1, 1, 100m, 100m), Figures(rows[2])); // 37.600 BHD; the cancelled order is left out
        Assert.Equal((1, 1, jpyUsd, jpyUsd), Figures(rows[4]));
    }

    [Fact]
    public async Task Ltv_distribution_puts_every_customer_in_a_fixed_bucket_with_nearest_rank_percentiles()
    {
        var rows = await RowsAsync("ltv-distribution?from=2026-10-01&to=2026-12-31");
        Assert.Equal(8, rows.Count);
        Assert.Equal(["0-0.01:1", "0.01-50:1", "50-100:0", "100-250:2", "250-500:0", "500-1000:0", "1000-5000:0", "5000-:0"], rows.Select(Bucket));
        Assert.Equal(245m, rows[3].GetProperty("lifetime_value_usd").GetDecimal()); // A 145 and C 100
        // Sorted: 0 (D), the JPY order (B), 100 (C), 145 (A).
        Assert.All(rows, r => Assert.Equal((jpyUsd, 145m, 145m), (r.GetProperty("p50_usd").GetDecimal(), r.GetProperty("p90_usd").GetDecimal(), r.GetProperty("p99_usd").GetDecimal())));

        var beforeSignUps = await RowsAsync("ltv-distribution?from=2026-10-01&to=2026-10-23");
        Assert.All(beforeSignUps, r => Assert.Equal(0, r.GetProperty("customers").GetInt32()));
        Assert.Equal(JsonValueKind.Null, beforeSignUps[0].GetProperty("p50_usd").ValueKind);
    }

    [Fact]
    public async Task Cohort_retention_follows_each_first_order_month_in_the_viewers_zone()
    {
        // A's hat on 30 Nov 23:30 UTC is December in Berlin: a second month of return there, none in UTC.
        var berlin = await RowsAsync("cohort-retention?from=2026-10-01&to=2026-12-31&tz=Europe/Berlin");
        Assert.Equal(["2026-10-01 2 +0 2 100.0", "2026-10-01 2 +1 1 50.0", "2026-10-01 2 +2 1 50.0", "2026-11-01 1 +0 1 100.0", "2026-11-01 1 +1 0 0.0"], berlin.Select(Cohort));

        var utc = await RowsAsync("cohort-retention?from=2026-10-01&to=2026-12-31");
        Assert.Equal(["2026-10-01 2 +0 2 100.0", "2026-10-01 2 +1 1 50.0", "2026-10-01 2 +2 0 0.0", "2026-11-01 1 +0 1 100.0", "2026-11-01 1 +1 0 0.0"], utc.Select(Cohort));

        // One month at most, and none past the month the range ends in.
        var short_ = await RowsAsync("cohort-retention?from=2026-10-01&to=2026-11-30&months=1");
        Assert.Equal(["2026-10-01 2 +0 2 100.0", "2026-10-01 2 +1 1 50.0", "2026-11-01 1 +0 1 100.0"], short_.Select(Cohort));
    }

    [Fact]
    public async Task Product_performance_ranks_products_by_usd_revenue_net_of_their_share_of_refunds()
    {
        var rows = await RowsAsync($"product-performance?{OctoberToNovember}");
        Assert.Equal(["hat", "shirt"], rows.Select(r => r.GetProperty("product_id").GetString()));
        // Hat: 40 (10 refunded), 40, and 37.600 BHD = 100 USD. Shirt: 2 × 30 (15 refunded), 30, 1500 JPY; the cancelled BHD shirt is left out.
        Assert.Equal((3, 3, 170m, 10m, 1), Sales(rows[0]));
        Assert.Equal((4, 3, 75m + jpyUsd, 15m, 1), Sales(rows[1]));
        Assert.Equal("SKU-HAT", rows[0].GetProperty("sku").GetString());

        var top = await RowsAsync($"product-performance?{OctoberToNovember}&limit=1");
        Assert.Equal(["hat"], top.Select(r => r.GetProperty("product_id").GetString()));
    }

    [Fact]
    public async Task An_agent_sees_only_their_own_customers_in_every_new_report()
    {
        var ltv = await RowsAsync("ltv-distribution?from=2026-10-01&to=2026-12-31", agent.Http);
        Assert.Equal([0, 0, 0, 1, 0, 0, 0, 0], ltv.Select(r => r.GetProperty("customers").GetInt32()));
        Assert.Equal(145m, ltv[0].GetProperty("p50_usd").GetDecimal());

        var products = await RowsAsync($"product-performance?{OctoberToNovember}", agent.Http);
        Assert.Equal((2, 2, 70m, 10m, 1), Sales(products.Single(r => r.GetProperty("product_id").GetString() == "hat")));
        Assert.Equal(["DE ", "DE Bayern"], (await RowsAsync($"geographic-distribution?{OctoberToNovember}", agent.Http))
            .Select(r => $"{r.GetProperty("country_code").GetString()} {r.GetProperty("region").GetString()}"));
        Assert.Equal(["2026-10-24 direct 1"], (await RowsAsync("acquisition-trends?from=2026-10-24&to=2026-10-26", agent.Http)).Select(Acquired));
        Assert.Equal(["2026-10-01 1 +0 1 100.0", "2026-10-01 1 +1 1 100.0"], (await RowsAsync($"cohort-retention?{OctoberToNovember}", agent.Http)).Select(Cohort));
    }

    [Fact]
    public async Task Csv_export_of_a_new_report_has_the_json_field_names_and_invariant_numbers()
    {
        var response = await Http.GetAsync("/api/v1/analytics/ltv-distribution?from=2026-10-01&to=2026-12-31&format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("from_usd,to_usd,customers,lifetime_value_usd,p50_usd,p90_usd,p99_usd", lines[0]);
        Assert.StartsWith("100,250,2,245.00,", lines[4]);
        Assert.StartsWith("5000,,0,0.00,", lines[8]);
    }

    [Theory]
    [InlineData("acquisition-trends?period=year", "period")]
    [InlineData("acquisition-trends?tz=Mars/Olympus", "tz")]
    [InlineData("geographic-distribution?from=2026-10-02&to=2026-10-01", "to")]
    [InlineData("ltv-distribution?format=xml", "format")]
    [InlineData("cohort-retention?months=13", "months")]
    [InlineData("cohort-retention?months=0", "months")]
    [InlineData("product-performance?limit=1001", "limit")]
    [InlineData("product-performance?country=DE", "country")]
    public async Task Bad_parameters_are_400_naming_the_parameter(string path, string parameter)
    {
        var response = await Http.GetAsync($"/api/v1/analytics/{path}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(parameter, out _), await response.Content.ReadAsStringAsync());
    }

    private static string Acquired(JsonElement row) =>
        $"{row.GetProperty("period").GetString()} {row.GetProperty("source").GetString()} {row.GetProperty("new_customers").GetInt32()}";

    private static (int, int, decimal, decimal) Figures(JsonElement row) =>
        (row.GetProperty("customers").GetInt32(), row.GetProperty("orders").GetInt32(), row.GetProperty("revenue_usd").GetDecimal(), row.GetProperty("average_order_value_usd").GetDecimal());

    private static string Bucket(JsonElement row) =>
        $"{row.GetProperty("from_usd").GetDecimal():0.##}-{(row.GetProperty("to_usd").ValueKind == JsonValueKind.Null ? "" : row.GetProperty("to_usd").GetDecimal().ToString("0.##"))}:{row.GetProperty("customers").GetInt32()}";

    private static string Cohort(JsonElement row) =>
        $"{row.GetProperty("cohort").GetString()} {row.GetProperty("cohort_size").GetInt32()} +{row.GetProperty("month_offset").GetInt32()} {row.GetProperty("customers").GetInt32()} {row.GetProperty("retention_percent").GetDecimal():0.0}";

    private static (int, int, decimal, decimal, int) Sales(JsonElement row) =>
        (row.GetProperty("units").GetInt32(), row.GetProperty("orders").GetInt32(), row.GetProperty("revenue_usd").GetDecimal(),
            row.GetProperty("refunded_usd").GetDecimal(), row.GetProperty("refunded_orders").GetInt32());

    private static object Item(string product, int quantity, decimal unitPrice) =>
        new { product_id = product, product_name = product == "hat" ? "Straw hat" : "Linen shirt", sku = $"SKU-{product.ToUpperInvariant()}", quantity, unit_price = unitPrice };

    private async Task<List<JsonElement>> RowsAsync(string path, HttpClient? http = null)
    {
        var response = await (http ?? Http).GetAsync($"/api/v1/analytics/{path}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.JsonAsync()).GetProperty("rows").EnumerateArray().ToList();
    }

    private async Task<Guid> CustomerAsync(string country, string? region, string currency, Guid? owner) =>
        (await Crm.CreateCustomerAsync(new
        {
            first_name = "Insight",
            last_name = country,
            email = $"{country.ToLowerInvariant()}-{Guid.NewGuid():N}@insights.test",
            country_code = country,
            region,
            currency,
            owner_id = owner,
        })).GetProperty("id").GetGuid();

    private Task<JsonElement> OrderAsync(Guid customer, string currency, string orderedAt, params object[] items) => OrderAsync(customer, currency, orderedAt, null, items);

    private async Task<JsonElement> OrderAsync(Guid customer, string currency, string orderedAt, string? status, params object[] items)
    {
        var response = await Http.PostJsonAsync("/api/v1/orders", new
        {
            customer_id = customer,
            order_number = $"I-{Guid.NewGuid():N}"[..12],
            currency,
            items,
            ordered_at = orderedAt,
            status,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }
}
