using System.Net;
using System.Text.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Analytics;

/// <summary>
/// Each report's figures on a small data set that can be checked by hand: three customers (DE in USD, JP in JPY,
/// BH in BHD, whose USD peg makes 37.600 BHD exactly 100 USD), a partial refund, a cancelled order, and three orders
/// around the end of summer time in Berlin (2026-10-25 03:00 CEST → 02:00 CET), whose Berlin days differ from UTC's.
/// Customer A belongs to an agent, who sees only A's figures.
/// </summary>
public sealed class AnalyticsReportTests(ApiFixture api) : WorkspaceTest(api, "analytics")
{
    private const string October = "from=2026-10-01&to=2026-10-31";

    private TestUser agent = null!;
    private Guid a;
    private Guid b;
    private Guid c;
    private decimal jpyOrderUsd;

    protected override async Task SeedAsync()
    {
        agent = await MemberAsync("agent");
        a = await CustomerAsync("DE", "USD", agent.Id, "vip");
        b = await CustomerAsync("JP", "JPY", null);
        c = await CustomerAsync("BH", "BHD", null);

        var a1 = await OrderAsync(a, "USD", 100m, "DE", "2026-10-01T12:00:00Z", "delivered");
        Assert.Equal(HttpStatusCode.OK, (await Crm.RefundAsync(a1.GetProperty("id").GetGuid(), 20m)).StatusCode);
        await OrderAsync(a, "USD", 40m, "DE", "2026-10-11T12:00:00Z");
        await OrderAsync(a, "USD", 60m, "DE", "2026-10-24T22:30:00Z"); // Berlin: 25 Oct 00:30 CEST
        jpyOrderUsd = (await OrderAsync(b, "JPY", 1500m, "JP", "2026-10-25T22:30:00Z")).GetProperty("total_amount_usd").GetDecimal(); // Berlin: 25 Oct 23:30 CET
        await OrderAsync(c, "BHD", 37.6m, "BH", "2026-10-25T23:30:00Z"); // Berlin: 26 Oct 00:30 CET
        var cancelled = await OrderAsync(c, "BHD", 10.125m, "BH", "2026-10-26T10:00:00Z");
        Assert.Equal(HttpStatusCode.OK, (await Crm.ChangeStatusAsync(cancelled.GetProperty("id").GetGuid(), "cancelled")).StatusCode);
    }

    [Fact]
    public async Task Revenue_by_country_keeps_each_currency_in_its_minor_units_and_sums_usd_without_cancelled_orders_and_refunds()
    {
        var rows = await RowsAsync($"revenue-by-country?{October}");
        Assert.Equal(3, rows.Count);
        AssertRevenue(rows, "DE", "USD", orders: 3, revenue: 180m, usd: 180m);
        AssertRevenue(rows, "BH", "BHD", orders: 1, revenue: 37.6m, usd: 100m);
        AssertRevenue(rows, "JP", "JPY", orders: 1, revenue: 1500m, usd: jpyOrderUsd);
        Assert.Equal("DE", rows[0].GetProperty("country_code").GetString()); // largest USD revenue first
    }

    [Fact]
    public async Task Order_trends_bucket_days_in_the_viewers_zone_across_the_dst_change()
    {
        var berlin = await RowsAsync("order-trends?from=2026-10-24&to=2026-10-26&tz=Europe/Berlin");
        Assert.Equal(["2026-10-25:2", "2026-10-26:1"], berlin.Select(Day));
        Assert.Equal(Math.Round((60m + jpyOrderUsd) / 2, 2), berlin[0].GetProperty("average_order_value_usd").GetDecimal());

        var utc = await RowsAsync("order-trends?from=2026-10-24&to=2026-10-26");
        Assert.Equal(["2026-10-24:1", "2026-10-25:2"], utc.Select(Day));

        // The range is Berlin's 25 October, 01:00 summer-time offset to 01:00 winter-time: 23:30 CET is in, 00:30 the next day is not.
        var oneDay = await RowsAsync("order-trends?from=2026-10-25&to=2026-10-25&tz=Europe/Berlin");
        Assert.Equal(["2026-10-25:2"], oneDay.Select(Day));

        var months = await RowsAsync($"order-trends?{October}&period=month");
        Assert.Equal(["2026-10-01:5"], months.Select(Day));
    }

    [Fact]
    public async Task Top_customers_rank_by_usd_revenue_or_by_order_count()
    {
        var byLtv = await RowsAsync($"top-customers?{October}");
        Assert.Equal([a, c, b], byLtv.Select(r => r.GetProperty("customer_id").GetGuid()));
        Assert.Equal((3, 180m), (byLtv[0].GetProperty("orders").GetInt32(), byLtv[0].GetProperty("revenue_usd").GetDecimal()));

        var top1 = await RowsAsync($"top-customers?{October}&by=orders&limit=1");
        Assert.Equal([a], top1.Select(r => r.GetProperty("customer_id").GetGuid()));
    }

    [Fact]
    public async Task Churn_risk_weighs_days_since_the_last_order_against_the_customers_usual_gap()
    {
        var rows = await RowsAsync($"churn-risk?{October}");
        Assert.Equal([a, b, c], rows.Select(r => r.GetProperty("customer_id").GetGuid()));
        var first = rows[0];
        // A ordered on 1, 11 and 24 Oct (22:30): gaps of 23.44 days over two = 11.7; 7 days from the last order to the end of 31 Oct.
        Assert.Equal(11.7m, first.GetProperty("usual_gap_days").GetDecimal());
        Assert.Equal(7, first.GetProperty("days_since_last_order").GetInt32());
        Assert.Equal(0.60m, first.GetProperty("overdue_ratio").GetDecimal());
        Assert.Equal((1, 3, 3), (first.GetProperty("recency_score").GetInt32(), first.GetProperty("frequency_score").GetInt32(), first.GetProperty("monetary_score").GetInt32()));
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("usual_gap_days").ValueKind);
        Assert.Equal(6, rows[1].GetProperty("days_since_last_order").GetInt32());
    }

    [Fact]
    public async Task Customer_growth_and_segmentation_count_the_customers_created_in_the_range()
    {
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var growth = await RowsAsync($"customer-growth?from={today}&to={today}");
        Assert.Equal(["BH:1", "DE:1", "JP:1"], growth.Select(r => $"{r.GetProperty("country_code").GetString()}:{r.GetProperty("new_customers").GetInt32()}").Order());
        Assert.All(growth, r => Assert.Equal(today, r.GetProperty("period").GetString()));

        var segments = await RowsAsync($"segmentation?from=2026-10-01&to={today}");
        var vip = segments.Single(r => r.GetProperty("dimension").GetString() == "tag" && r.GetProperty("value").GetString() == "vip");
        Assert.Equal((1, 1, 180m), (vip.GetProperty("customers").GetInt32(), vip.GetProperty("buyers").GetInt32(), vip.GetProperty("revenue_usd").GetDecimal()));
        var active = segments.Single(r => r.GetProperty("dimension").GetString() == "status" && r.GetProperty("value").GetString() == "active");
        Assert.Equal((3, 3, 280m + jpyOrderUsd), (active.GetProperty("customers").GetInt32(), active.GetProperty("buyers").GetInt32(), active.GetProperty("revenue_usd").GetDecimal()));
        Assert.Equal(3, segments.Count(r => r.GetProperty("dimension").GetString() == "country"));
    }

    [Fact]
    public async Task Activity_summary_credits_answers_and_completed_tasks_to_the_team_member()
    {
        await Activity(Http, new { customer_id = a, type = "email", direction = "inbound", subject = "Where is my parcel?" });
        await Activity(agent.Http, new { customer_id = a, type = "call", direction = "outbound", subject = "Called back" });
        var task = await Activity(Http, new { customer_id = a, type = "task", subject = "Send a voucher", due_at = DateTimeOffset.UtcNow.AddDays(1), assigned_to = agent.Id });
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.PostAsync($"/api/v1/activities/{task}/complete", null)).StatusCode);

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var rows = await RowsAsync($"activity-summary?from={today}&to={today}");
        var byAgent = rows.Single(r => r.GetProperty("user_id").GetGuid() == agent.Id);
        Assert.Equal((1, 1, 1, 1), (byAgent.GetProperty("activities").GetInt32(), byAgent.GetProperty("calls").GetInt32(),
            byAgent.GetProperty("responses").GetInt32(), byAgent.GetProperty("tasks_completed").GetInt32()));
        Assert.InRange(byAgent.GetProperty("average_response_hours").GetDecimal(), 0m, 0.1m);
        var byAdmin = rows.Single(r => r.GetProperty("user_id").GetGuid() == Admin.Id);
        Assert.Equal((2, 1, 1, 0), (byAdmin.GetProperty("activities").GetInt32(), byAdmin.GetProperty("emails").GetInt32(),
            byAdmin.GetProperty("tasks").GetInt32(), byAdmin.GetProperty("responses").GetInt32()));
    }

    [Fact]
    public async Task An_agent_sees_only_the_figures_of_their_own_customers()
    {
        var rows = await RowsAsync($"revenue-by-country?{October}", agent.Http);
        AssertRevenue(rows, "DE", "USD", orders: 3, revenue: 180m, usd: 180m);
        Assert.Single(rows);
        Assert.Equal([a], (await RowsAsync($"top-customers?{October}", agent.Http)).Select(r => r.GetProperty("customer_id").GetGuid()));
    }

    [Fact]
    public async Task Csv_export_has_the_json_field_names_and_invariant_numbers()
    {
        foreach (var request in new[] { Get($"revenue-by-country?{October}&format=csv"), Get($"revenue-by-country?{October}", accept: "text/csv") })
        {
            var response = await Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal("country_code,currency,orders,revenue,revenue_usd,usd_pending_orders", lines[0]);
            Assert.Contains("BH,BHD,1,37.600,100.00,0", lines);
            Assert.Equal(4, lines.Length);
        }
    }

    [Theory]
    [InlineData("order-trends?tz=Mars/Olympus", "tz")]
    [InlineData("order-trends?from=2026-02-30", "from")]
    [InlineData("order-trends?from=2026-10-02&to=2026-10-01", "to")]
    [InlineData("order-trends?from=2000-01-01&to=2026-10-01", "from")]
    [InlineData("order-trends?period=year", "period")]
    [InlineData("order-trends?format=xml", "format")]
    [InlineData("top-customers?by=name", "by")]
    [InlineData("churn-risk?limit=0", "limit")]
    [InlineData("segmentation?country=DE", "country")]
    public async Task Bad_parameters_are_400_naming_the_parameter(string path, string parameter)
    {
        var response = await Http.GetAsync($"/api/v1/analytics/{path}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(parameter, out _), await response.Content.ReadAsStringAsync());
    }

    private static string Day(JsonElement row) => $"{row.GetProperty("period").GetString()}:{row.GetProperty("orders").GetInt32()}";

    private static void AssertRevenue(List<JsonElement> rows, string country, string currency, int orders, decimal revenue, decimal usd)
    {
        var row = rows.Single(r => r.GetProperty("country_code").GetString() == country && r.GetProperty("currency").GetString() == currency);
        Assert.Equal((orders, revenue, usd), (row.GetProperty("orders").GetInt32(), row.GetProperty("revenue").GetDecimal(), row.GetProperty("revenue_usd").GetDecimal()));
    }

    private HttpRequestMessage Get(string path, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/analytics/{path}");
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        return request;
    }

    private async Task<List<JsonElement>> RowsAsync(string path, HttpClient? http = null)
    {
        var response = await (http ?? Http).GetAsync($"/api/v1/analytics/{path}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.JsonAsync()).GetProperty("rows").EnumerateArray().ToList();
    }

    private async Task<Guid> CustomerAsync(string country, string currency, Guid? owner, params string[] tags) =>
        (await Crm.CreateCustomerAsync(new
        {
            first_name = "Report",
            last_name = country,
            email = $"{country.ToLowerInvariant()}-{Guid.NewGuid():N}@analytics.test",
            country_code = country,
            currency,
            owner_id = owner,
            tags,
        })).GetProperty("id").GetGuid();

    private async Task<JsonElement> OrderAsync(Guid customer, string currency, decimal amount, string country, string orderedAt, string? status = null)
    {
        var response = await Http.PostJsonAsync("/api/v1/orders", new
        {
            customer_id = customer,
            order_number = $"R-{Guid.NewGuid():N}"[..12],
            currency,
            shipping_country = country,
            items = new[] { new { product_id = "sku-1", product_name = "Linen shirt", quantity = 1, unit_price = amount } },
            ordered_at = orderedAt,
            status,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    private static async Task<Guid> Activity(HttpClient http, object body)
    {
        var response = await http.PostJsonAsync("/api/v1/activities", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }
}
