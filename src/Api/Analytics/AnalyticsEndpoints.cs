using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SimpleCrm.Contracts.Analytics;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Data.Analytics;

namespace SimpleCrm.Api.Analytics;

/// <summary>
/// /api/v1/analytics: the reports, each SQL over the workspace's rows for a date range in the viewer's time zone, as
/// JSON or CSV. Agents' figures cover only the customers assigned to them.
/// </summary>
public static class AnalyticsEndpoints
{
    public static void MapAnalytics(this RouteGroupBuilder api)
    {
        var analytics = api.MapResource("/analytics", "Analytics", StatusCodes.Status400BadRequest).RequirePermission(Permission.OrdersRead);
        analytics.MapGet("/live-revenue", LiveRevenueAsync).WithName("LiveRevenue").WithQueryDocs<LiveRevenueQueryDocs>()
            .WithSummary("Revenue per UTC day, shipping country and currency, kept live by the revenue grains (from and to: UTC dates, default today). Changes are pushed on the hub as RevenueChanged. An agent gets their own customers' figures, computed on request and not pushed.");
        Report<CustomerGrowthRow, PeriodQueryDocs>(analytics, "/customer-growth", "CustomerGrowthReport",
            "New customers per period (day, week or month in tz) and country.",
            (query, queries, workspace) => Period(query) is { } period ? (window, ct) => queries.CustomerGrowthAsync(workspace, window, period, ct) : null);
        Report<RevenueByCountryRow, ReportQueryDocs>(analytics, "/revenue-by-country", "RevenueByCountryReport",
            "Revenue per shipping country and original currency (rounded to its minor units), with its USD value; cancelled and refunded orders excluded, partial refunds deducted.",
            (_, queries, workspace) => (window, ct) => queries.RevenueByCountryAsync(workspace, window, ct));
        Report<OrderTrendRow, PeriodQueryDocs>(analytics, "/order-trends", "OrderTrendsReport",
            "Orders, USD revenue and average order value per period (day, week or month in tz).",
            (query, queries, workspace) => Period(query) is { } period ? (window, ct) => queries.OrderTrendsAsync(workspace, window, period, ct) : null);
        Report<TopCustomerRow, TopCustomersQueryDocs>(analytics, "/top-customers", "TopCustomersReport",
            "The customers with the most USD revenue (by=ltv, default) or orders (by=orders) in the range.",
            (query, queries, workspace) =>
            {
                var by = query.Text("by", 10);
                if (by is not (null or "ltv" or "orders"))
                {
                    query.Fail("by", "ltv or orders.");
                }

                var limit = query.Int("limit", 1, 1000) ?? 10;
                return (window, ct) => queries.TopCustomersAsync(workspace, window, by == "orders", limit, ct);
            });
        Report<SegmentationRow, ReportQueryDocs>(analytics, "/segmentation", "SegmentationReport",
            "Customers by status, country and tag (those created by the end of the range), with how many ordered and their USD revenue in the range.",
            (_, queries, workspace) => (window, ct) => queries.SegmentationAsync(workspace, window, ct));
        Report<ActivitySummaryRow, ReportQueryDocs>(analytics, "/activity-summary", "ActivitySummaryReport",
            "Per team member: activities logged by type, average response time (inbound activity to the next outbound one on that customer) and task resolution time.",
            (_, queries, workspace) => (window, ct) => queries.ActivitySummaryAsync(workspace, window, ct));
        Report<ChurnRiskRow, LimitQueryDocs>(analytics, "/churn-risk", "ChurnRiskReport",
            "Customers with orders in the range, most overdue first: RFM quintile scores and days since the last order against the customer's usual gap between orders.",
            (query, queries, workspace) =>
            {
                var limit = query.Int("limit", 1, 1000) ?? 100;
                return (window, ct) => queries.ChurnRiskAsync(workspace, window, limit, ct);
            });
        Report<AcquisitionRow, PeriodQueryDocs>(analytics, "/acquisition-trends", "AcquisitionTrendsReport",
            "New customers per period (day, week or month in tz) and source: shopify or woocommerce (a connected shop's customer), linked (other systems' ids, from an import or the API) or direct.",
            (query, queries, workspace) => Period(query) is { } period ? (window, ct) => queries.AcquisitionTrendsAsync(workspace, window, period, ct) : null);
        Report<GeographyRow, ReportQueryDocs>(analytics, "/geographic-distribution", "GeographicDistributionReport",
            "Per country where customers live (a total row with region null, then a row per named region): customers who existed by the end of the range, their revenue orders in it, USD revenue and average order value.",
            (_, queries, workspace) => (window, ct) => queries.GeographyAsync(workspace, window, ct));
        Report<LtvBucketRow, ReportQueryDocs>(analytics, "/ltv-distribution", "LtvDistributionReport",
            "Customers who existed by the end of the range by lifetime value in USD, in fixed buckets (from included, to excluded; 0–0.01 is no value yet), with the p50, p90 and p99 lifetime values on every row.",
            (_, queries, workspace) => (window, ct) => queries.LtvDistributionAsync(workspace, window, ct));
        Report<CohortRetentionRow, CohortQueryDocs>(analytics, "/cohort-retention", "CohortRetentionReport",
            "Cohorts by the month (in tz) of the customer's first order, for first orders in the range: cohort size and the share of it ordering again in each following month (offset 1 to months), counting orders up to the end of the range.",
            (query, queries, workspace) =>
            {
                var months = query.Int("months", 1, 12) ?? 12;
                return (window, ct) => queries.CohortRetentionAsync(workspace, window, months, ct);
            });
        Report<ProductPerformanceRow, LimitQueryDocs>(analytics, "/product-performance", "ProductPerformanceReport",
            "Per product of the order items in the range (cancelled orders left out): units, orders, USD revenue net of the product's share of refunds, and refunds; best sellers first.",
            (query, queries, workspace) =>
            {
                var limit = query.Int("limit", 1, 1000) ?? 100;
                return (window, ct) => queries.ProductPerformanceAsync(workspace, window, limit, ct);
            });
    }

    private static async Task<Results<Ok<LiveRevenue>, ProblemHttpResult>> LiveRevenueAsync(
        HttpContext http, Caller caller, RevenueDailyStore store, IGrainFactory grains, RevenueRelay relay)
    {
        var query = new QueryReader(http.Request.Query);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var to = Day(query, "to") ?? today;
        var from = Day(query, "from") ?? to;
        if (from > to)
        {
            query.Fail("to", "On or after from.");
        }
        else if (to.DayNumber - from.DayNumber >= 366)
        {
            query.Fail("from", "The range covers at most 366 days.");
        }

        if (!query.Complete())
        {
            return Problem.InvalidQuery(query.Errors);
        }

        if (caller.AssignedTo is { } owner)
        {
            // The grains hold the whole workspace's figures; an agent gets their own customers' from SQL, and no pushes.
            var own = (await store.ComputeForOwnerAsync(caller.Workspace, from, to, owner, http.RequestAborted)).ToLookup(c => c.Day);
            var ownDays = new List<LiveRevenueDay>();
            for (var day = from; day <= to; day = day.AddDays(1))
            {
                ownDays.Add(LiveRevenueDay.From(Iso(day), own[Iso(day)]));
            }

            return TypedResults.Ok(new LiveRevenue(Iso(from), Iso(to), ownDays));
        }

        // Subscribe first, so no change between the read and the first push is missed.
        await relay.EnsureSubscribedAsync(caller.Workspace);
        var stored = (await store.ListAsync(caller.Workspace, from, to, http.RequestAborted)).ToLookup(c => c.Day);
        var days = new List<LiveRevenueDay>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var key = Iso(day);
            // Today is moving: ask its grain (which wakes recomputed); earlier days are settled in the table.
            var cells = day == today ? await grains.GetGrain<IRevenueDayGrain>(caller.Workspace.Value, key).GetAsync() : stored[key].ToList();
            days.Add(LiveRevenueDay.From(key, cells));
        }

        return TypedResults.Ok(new LiveRevenue(Iso(from), Iso(to), days));
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly? Day(QueryReader query, string name)
    {
        if (query.Text(name, 10) is not { } text)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day) && day.Year is >= 1900 and <= 2999)
        {
            return day;
        }

        query.Fail(name, "A date, YYYY-MM-DD.");
        return null;
    }

    /// <summary>Reads a report's own parameters; null when one is wrong (recorded on the reader).</summary>
    private delegate Func<ReportWindow, CancellationToken, Task<IReadOnlyList<T>>>? ReportPlan<T>(QueryReader query, AnalyticsQueries queries, SimpleCrm.Contracts.Common.WorkspaceId workspace);

    private static void Report<TRow, TDocs>(RouteGroupBuilder group, string path, string name, string summary, ReportPlan<TRow> plan)
    {
        var fileName = path.TrimStart('/');
        group.MapGet(path, (HttpContext http, Caller caller, AnalyticsQueries queries) => RunAsync(http, caller, queries, fileName, plan))
            .WithName(name).WithSummary(summary).WithQueryDocs<TDocs>()
            .Produces<AnalyticsReport<TRow>>(StatusCodes.Status200OK, "application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
    }

    private static async Task<IResult> RunAsync<T>(HttpContext http, Caller caller, AnalyticsQueries queries, string fileName, ReportPlan<T> plan)
    {
        var query = new QueryReader(http.Request.Query);
        var request = ReportRequest.Read(query, http.Request);
        var run = plan(query, queries, caller.Workspace);
        if (!query.Complete() || request is null || run is null)
        {
            return Problem.InvalidQuery(query.Errors);
        }

        IReadOnlyList<T> rows;
        try
        {
            rows = await run(request.Window(caller), http.RequestAborted);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidParameterValue && e.MessageText.Contains("time zone", StringComparison.Ordinal))
        {
            // A zone NodaTime knows but this PostgreSQL's zone data does not (older or newer tzdata).
            return Problem.InvalidQuery("tz", "This time zone is not available for reports; choose another.");
        }

        if (request.Csv)
        {
            await ReportCsv.WriteAsync(http.Response, $"{fileName}-{ReportRequest.Iso(request.From)}-{ReportRequest.Iso(request.To)}", rows, http.RequestAborted);
            return Results.Empty;
        }

        return TypedResults.Ok(new AnalyticsReport<T>(ReportRequest.Iso(request.From), ReportRequest.Iso(request.To), request.TimeZone, rows));
    }

    private static ReportPeriod? Period(QueryReader query)
    {
        var text = query.Text("period", 10) ?? "day";
        if (Enum.TryParse<ReportPeriod>(text, ignoreCase: true, out var period) && text.All(char.IsLower))
        {
            return period;
        }

        query.Fail("period", "day, week or month.");
        return null;
    }
}

/// <summary>A report: its range (dates in tz, both included), the zone, and its rows.</summary>
public sealed record AnalyticsReport<T>(string From, string To, string Tz, IReadOnlyList<T> Rows);

public record ReportQueryDocs
{
    [Description("First day, YYYY-MM-DD in tz (default: 29 days before to).")]
    public string? From { get; init; }

    [Description("Last day, included, YYYY-MM-DD in tz (default: today in tz).")]
    public string? To { get; init; }

    [Description("IANA time zone whose days bucket the figures (default UTC).")]
    public string? Tz { get; init; }

    [Description("json (default) or csv; Accept: text/csv also gives CSV.")]
    public string? Format { get; init; }
}

public sealed record PeriodQueryDocs : ReportQueryDocs
{
    [Description("day (default), week (from Monday) or month.")]
    public string? Period { get; init; }
}

public record LimitQueryDocs : ReportQueryDocs
{
    [Description("Rows, 1–1000.")]
    public int? Limit { get; init; }
}

public sealed record CohortQueryDocs : ReportQueryDocs
{
    [Description("Months after the cohort's month to show, 1–12 (default 12).")]
    public int? Months { get; init; }
}

public sealed record TopCustomersQueryDocs : LimitQueryDocs
{
    [Description("ltv (USD revenue in the range, default) or orders.")]
    public string? By { get; init; }
}

public sealed record LiveRevenueQueryDocs
{
    [Description("First UTC day, YYYY-MM-DD (default: to).")]
    public string? From { get; init; }

    [Description("Last UTC day, included, YYYY-MM-DD (default: today).")]
    public string? To { get; init; }
}
