using Dapper;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Domain.Money;

namespace SimpleCrm.Data.Analytics;

/// <summary>
/// What every report reads: the instants [From, To) the viewer's date range covers, the IANA zone whose days (weeks,
/// months) bucket the figures, and, for agents, the owner whose customers alone count.
/// </summary>
/// <param name="HourAligned">
/// The zone's offsets in the window are whole hours, changing on whole UTC hours: its days (and the window's ends) are
/// whole UTC hours, so the hourly revenue rollup answers exactly.
/// </param>
public sealed record ReportWindow(DateTime From, DateTime To, string TimeZone, Guid? VisibleToOwner, bool HourAligned = false);

/// <summary>When top customers walks candidates by their all-time bound instead of grouping every order in the window.</summary>
/// <param name="WindowOrdersPerCandidate">
/// A round after the first runs only while the window holds at least this many orders per candidate of that round:
/// a candidate's orders are read through an index (measured: 16,384 candidates cost about what grouping 500,000 orders
/// in a range does), so beyond that grouping every order in the window is cheaper.
/// </param>
/// <param name="FirstCandidates">Candidates of the first round (at least four times the rows asked for); each round takes four times more.</param>
/// <param name="MaximumCandidates">No round takes more.</param>
public sealed record TopCustomersBound(int WindowOrdersPerCandidate, int FirstCandidates, int MaximumCandidates)
{
    public static readonly TopCustomersBound Default = new(32, 256, 65_536);
}

/// <summary>Bucket width of a report over time; PostgreSQL's date_trunc field of the same name.</summary>
public enum ReportPeriod
{
    Day,
    Week,
    Month,
}

/// <summary>
/// The analytics reports, each one SQL statement over the workspace's rows (no copies to drift; top customers may take a
/// few, on one snapshot). Revenue is what the
/// customer metrics count: orders neither cancelled nor refunded, net of partial refunds; an order whose USD value is
/// pending is in its currency's figures and counted as pending, never in a USD sum. Times are bucketed with
/// <c>AT TIME ZONE</c> in the viewer's zone, so a day is that zone's day also across a DST change. The revenue reports
/// and customer growth of the whole workspace read the hourly rollups <c>revenue_hourly</c> and
/// <c>new_customers_hourly</c> (kept by triggers on orders and customers in the writing transaction) when the zone's
/// days are whole UTC hours; customers are joined only to scope an agent to their own.
/// </summary>
public sealed class AnalyticsQueries(CrmDatabase database)
{
    /// <summary>
    /// Orders o that count as revenue, in the window, of customers the caller sees: the customers are joined only for an
    /// agent, whose own customers alone count (everyone else sees every order, and the join would hash every customer).
    /// </summary>
    private static string RevenueOrders(ReportWindow window) => window.VisibleToOwner is null
        ? """
          orders o
          where o.workspace_id = @workspace and o.status not in ('cancelled', 'refunded') and o.ordered_at >= @from and o.ordered_at < @to
          """
        : """
          orders o join customers c on c.workspace_id = o.workspace_id and c.id = o.customer_id
          where o.workspace_id = @workspace and o.status not in ('cancelled', 'refunded')
            and o.ordered_at >= @from and o.ordered_at < @to and c.owner_id = @owner
          """;

    /// <summary>Whether the hourly rollups answer exactly: the whole workspace, in a zone whose days are whole UTC hours.</summary>
    private static bool FromRollup(ReportWindow window) => window.VisibleToOwner is null && window.HourAligned;

    public async Task<IReadOnlyList<CustomerGrowthRow>> CustomerGrowthAsync(WorkspaceId workspace, ReportWindow window, ReportPeriod period, CancellationToken cancellationToken = default) =>
        await QueryAsync<CustomerGrowthRow>(workspace, window, FromRollup(window)
            ? """
              select to_char(date_trunc(@period, r.hour at time zone @tz), 'YYYY-MM-DD') as period, r.country_code, sum(r.customers)::int as new_customers
              from new_customers_hourly r
              where r.workspace_id = @workspace and r.hour >= @from and r.hour < @to
              group by 1, 2
              having sum(r.customers) > 0
              order by 1, 3 desc, 2
              """
            : """
              select to_char(date_trunc(@period, c.created_at at time zone @tz), 'YYYY-MM-DD') as period, c.country_code, count(*)::int as new_customers
              from customers c
              where c.workspace_id = @workspace and c.created_at >= @from and c.created_at < @to and (@owner::uuid is null or c.owner_id = @owner)
              group by 1, 2
              order by 1, 3 desc, 2
              """, new { period = PeriodName(period) }, cancellationToken);

    /// <summary>Per shipping country (null: none given) and currency: revenue in the currency, rounded to its minor units, and in USD.</summary>
    public async Task<IReadOnlyList<RevenueByCountryRow>> RevenueByCountryAsync(WorkspaceId workspace, ReportWindow window, CancellationToken cancellationToken = default) =>
        (await QueryAsync<RevenueByCountryRow>(workspace, window, FromRollup(window)
            ? """
              select r.country_code, r.currency, sum(r.orders)::int as orders, sum(r.revenue) as revenue,
                     round(sum(r.revenue_usd), 2) as revenue_usd, sum(r.usd_pending_orders)::int as usd_pending_orders
              from revenue_hourly r
              where r.workspace_id = @workspace and r.hour >= @from and r.hour < @to
              group by 1, 2
              having sum(r.orders) > 0
              order by 5 desc, 1 nulls last, 2
              """
            : $"""
              select o.shipping_country as country_code, o.currency, count(*)::int as orders,
                     sum(o.total_amount - o.refunded_amount) as revenue,
                     round(coalesce(sum(o.total_amount_usd - o.refunded_amount_usd), 0), 2) as revenue_usd,
                     (count(*) filter (where o.usd_pending))::int as usd_pending_orders
              from {RevenueOrders(window)}
              group by 1, 2
              order by 5 desc, 1 nulls last, 2
              """, null, cancellationToken))
        .Select(r => r with { Revenue = MoneyRounding.Round(r.Revenue, r.Currency) }).ToList();

    public async Task<IReadOnlyList<OrderTrendRow>> OrderTrendsAsync(WorkspaceId workspace, ReportWindow window, ReportPeriod period, CancellationToken cancellationToken = default) =>
        await QueryAsync<OrderTrendRow>(workspace, window, FromRollup(window)
            ? """
              select to_char(date_trunc(@period, r.hour at time zone @tz), 'YYYY-MM-DD') as period, sum(r.orders)::int as orders,
                     round(sum(r.revenue_usd), 2) as revenue_usd, sum(r.usd_pending_orders)::int as usd_pending_orders,
                     round(sum(r.revenue_usd) / nullif(sum(r.orders) - sum(r.usd_pending_orders), 0), 2) as average_order_value_usd
              from revenue_hourly r
              where r.workspace_id = @workspace and r.hour >= @from and r.hour < @to
              group by 1
              having sum(r.orders) > 0
              order by 1
              """
            : $"""
              select to_char(date_trunc(@period, o.ordered_at at time zone @tz), 'YYYY-MM-DD') as period, count(*)::int as orders,
                     round(coalesce(sum(o.total_amount_usd - o.refunded_amount_usd), 0), 2) as revenue_usd,
                     (count(*) filter (where o.usd_pending))::int as usd_pending_orders,
                     round(sum(o.total_amount_usd - o.refunded_amount_usd) / nullif(count(*) filter (where not o.usd_pending), 0), 2) as average_order_value_usd
              from {RevenueOrders(window)}
              group by 1
              order by 1
              """, new { period = PeriodName(period) }, cancellationToken);

    /// <summary>
    /// The customers with the most USD revenue (or revenue orders) in the window. For the whole workspace, candidates are
    /// taken in the order of their all-time figures (<c>customer_revenue_bounds</c>, which no window can exceed) and only
    /// their orders in the window are grouped; the candidates grow until the weakest of them is below the last row of the
    /// top, so nobody further down could enter it. The same statement over every order in the window answers agents and
    /// windows the bound does not settle before walking costs more than grouping every order in the window (short
    /// windows, or ones far from most orders). All statements read one snapshot.
    /// </summary>
    public async Task<IReadOnlyList<TopCustomerRow>> TopCustomersAsync(WorkspaceId workspace, ReportWindow window, bool byOrderCount, int limit, CancellationToken cancellationToken = default) =>
        await TopCustomersAsync(workspace, window, byOrderCount, limit, TopCustomersBound.Default, cancellationToken);

    /// <inheritdoc cref="TopCustomersAsync(WorkspaceId, ReportWindow, bool, int, CancellationToken)"/>
    public async Task<IReadOnlyList<TopCustomerRow>> TopCustomersAsync(WorkspaceId workspace, ReportWindow window, bool byOrderCount, int limit, TopCustomersBound use, CancellationToken cancellationToken = default)
    {
        if (window.VisibleToOwner is not null)
        {
            return await QueryAsync<TopCustomerRow>(workspace, window, TopCustomersSql(RevenueOrders(window), byOrderCount), new { limit }, cancellationToken);
        }

        await using var session = await OpenReportSessionAsync(workspace, snapshot: true, cancellationToken);
        var parameters = ReportParameters(workspace, window, new { limit });
        var bound = byOrderCount ? "orders" : "revenue_usd_bound";
        long? windowOrders = null;
        for (var candidates = Math.Max(limit * 4, use.FirstCandidates); candidates <= use.MaximumCandidates; candidates *= 4)
        {
            parameters.Add("candidates", candidates);
            var weakest = (await session.ReportQueryAsync<(int Candidates, decimal? Bound)>($"""
                select count(*)::int, round(min(k.bound), 2)
                from (
                    select b.{bound} as bound from customer_revenue_bounds b
                    where b.workspace_id = @workspace order by b.{bound} desc, b.customer_id limit @candidates
                ) k
                """, parameters, cancellationToken)).Single();
            var top = (await session.ReportQueryAsync<TopCustomerRow>(TopCustomersSql($"""
                (select b.customer_id from customer_revenue_bounds b
                 where b.workspace_id = @workspace order by b.{bound} desc, b.customer_id limit @candidates) k
                join orders o on o.workspace_id = @workspace and o.customer_id = k.customer_id
                where o.status not in ('cancelled', 'refunded') and o.ordered_at >= @from and o.ordered_at < @to
                """, byOrderCount), parameters, cancellationToken)).ToList();
            var everyone = weakest.Candidates < candidates;
            var settled = top.Count == limit && weakest.Bound < (byOrderCount ? top[^1].Orders : top[^1].RevenueUsd);
            if (everyone || settled)
            {
                return top;
            }

            // Not settled: another round only while it costs less than grouping the window's orders (counted once, after
            // the first round, which settles most long windows and costs less than the count).
            windowOrders ??= await WindowOrdersAsync(session, parameters, cancellationToken);
            if ((long)candidates * 4 * use.WindowOrdersPerCandidate > windowOrders)
            {
                break;
            }
        }

        return (await session.ReportQueryAsync<TopCustomerRow>(TopCustomersSql(RevenueOrders(window), byOrderCount), parameters, cancellationToken)).ToList();
    }

    /// <summary>About how many orders the window holds: the revenue rollup's hours that overlap it.</summary>
    private static async Task<long> WindowOrdersAsync(WorkspaceSession session, DynamicParameters parameters, CancellationToken cancellationToken) =>
        (await session.ReportQueryAsync<long>("""
            select coalesce(sum(r.orders), 0)::bigint from revenue_hourly r
            where r.workspace_id = @workspace and r.hour >= date_trunc('hour', @from, 'UTC') and r.hour < @to
            """, parameters, cancellationToken)).Single();

    /// <summary>The top rows of <paramref name="orders"/> (revenue orders o, filtered) per customer, with the customer's name.</summary>
    private static string TopCustomersSql(string orders, bool byOrderCount) => $"""
        with top as (
            select o.customer_id, count(*)::int as orders, round(coalesce(sum(o.total_amount_usd - o.refunded_amount_usd), 0), 2) as revenue_usd
            from {orders}
            group by 1
            order by {(byOrderCount ? "2 desc, 3 desc" : "3 desc, 2 desc")}, 1
            limit @limit
        )
        select c.id as customer_id, c.first_name, c.last_name, c.country_code, t.orders, t.revenue_usd, c.lifetime_value_usd
        from top t join customers c on c.workspace_id = @workspace and c.id = t.customer_id
        order by {(byOrderCount ? "5 desc, 6 desc" : "6 desc, 5 desc")}, c.id
        """;

    /// <summary>The customers who existed by the end of the window, grouped by status, country and each tag, with their revenue in the window.</summary>
    public async Task<IReadOnlyList<SegmentationRow>> SegmentationAsync(WorkspaceId workspace, ReportWindow window, CancellationToken cancellationToken = default) =>
        await QueryAsync<SegmentationRow>(workspace, window, $"""
            with members as (
                select c.id, c.status, c.country_code, c.tags from customers c
                where c.workspace_id = @workspace and c.created_at < @to and (@owner::uuid is null or c.owner_id = @owner)
            ), revenue as (
                select o.customer_id, coalesce(sum(o.total_amount_usd - o.refunded_amount_usd), 0) as usd from {RevenueOrders(window)} group by 1
            ), grouped as (
                select 'status' as dimension, m.status as value, m.id from members m
                union all select 'country', m.country_code, m.id from members m
                union all select 'tag', t.tag, m.id from members m cross join unnest(m.tags) as t(tag)
            )
            select g.dimension, g.value, count(*)::int as customers, count(r.customer_id)::int as buyers, round(coalesce(sum(r.usd), 0), 2) as revenue_usd
            from grouped g left join revenue r on r.customer_id = g.id
            group by 1, 2
            order by 1, 3 desc, 2
            """, null, cancellationToken);

    /// <summary>
    /// Per team member: activities logged in the window by type; response time = from a customer's inbound activity to
    /// the next outbound one on that customer, credited to whoever logged the answer; resolution = a completed task's
    /// time from creation to completion, credited to its assignee (else its author).
    /// </summary>
    public async Task<IReadOnlyList<ActivitySummaryRow>> ActivitySummaryAsync(WorkspaceId workspace, ReportWindow window, CancellationToken cancellationToken = default) =>
        await QueryAsync<ActivitySummaryRow>(workspace, window, """
            with visible as (
                select a.* from activities a join customers c on c.workspace_id = a.workspace_id and c.id = a.customer_id
                where a.workspace_id = @workspace and (@owner::uuid is null or c.owner_id = @owner)
            ), logged as (
                select created_by as user_id, count(*) as activities,
                       count(*) filter (where type = 'email') as emails, count(*) filter (where type = 'call') as calls,
                       count(*) filter (where type = 'meeting') as meetings, count(*) filter (where type = 'note') as notes,
                       count(*) filter (where type = 'task') as tasks
                from visible where created_at >= @from and created_at < @to and created_by is not null group by 1
            ), responses as (
                select answer.created_by as user_id, count(*) as responses, avg(extract(epoch from answer.created_at - i.created_at)) as seconds
                from visible i
                cross join lateral (
                    select r.created_by, r.created_at from visible r
                    where r.customer_id = i.customer_id and r.direction = 'outbound' and r.created_at > i.created_at
                    order by r.created_at limit 1) answer
                where i.direction = 'inbound' and answer.created_at >= @from and answer.created_at < @to and answer.created_by is not null
                group by 1
            ), resolutions as (
                select coalesce(assigned_to, created_by) as user_id, count(*) as tasks_completed, avg(extract(epoch from completed_at - created_at)) as seconds
                from visible where type = 'task' and status = 'completed' and completed_at >= @from and completed_at < @to
                  and coalesce(assigned_to, created_by) is not null
                group by 1
            ), members as (
                select user_id from logged union select user_id from responses union select user_id from resolutions
            )
            select m.user_id, coalesce(u.first_name, '') as first_name, coalesce(u.last_name, '') as last_name,
                   coalesce(l.activities, 0)::int as activities, coalesce(l.emails, 0)::int as emails, coalesce(l.calls, 0)::int as calls,
                   coalesce(l.meetings, 0)::int as meetings, coalesce(l.notes, 0)::int as notes, coalesce(l.tasks, 0)::int as tasks,
                   coalesce(rs.responses, 0)::int as responses, round((rs.seconds / 3600)::numeric, 2) as average_response_hours,
                   coalesce(rv.tasks_completed, 0)::int as tasks_completed, round((rv.seconds / 3600)::numeric, 2) as average_resolution_hours
            from members m
            left join workspace_members u on u.workspace_id = @workspace and u.user_id = m.user_id
            left join logged l on l.user_id = m.user_id
            left join responses rs on rs.user_id = m.user_id
            left join resolutions rv on rv.user_id = m.user_id
            order by 4 desc, 2, 3, 1
            """, null, cancellationToken);

    /// <summary>
    /// Customers with revenue orders in the window, scored by RFM quintiles (5 = most recent, most orders, most spent)
    /// and by how overdue they are: days since their last order (at the window's end) against their own average gap.
    /// </summary>
    public async Task<IReadOnlyList<ChurnRiskRow>> ChurnRiskAsync(WorkspaceId workspace, ReportWindow window, int limit, CancellationToken cancellationToken = default) =>
        await QueryAsync<ChurnRiskRow>(workspace, window, $"""
            with per_customer as (
                select o.customer_id, count(*)::int as orders, round(coalesce(sum(o.total_amount_usd - o.refunded_amount_usd), 0), 2) as revenue_usd,
                       min(o.ordered_at) as first_order_at, max(o.ordered_at) as last_order_at
                from {RevenueOrders(window)}
                group by 1
            ), scored as (
                select p.*, floor(extract(epoch from @to - p.last_order_at) / 86400)::int as days_since_last_order,
                       case when p.orders > 1 then round((extract(epoch from p.last_order_at - p.first_order_at) / 86400 / (p.orders - 1))::numeric, 1) end as usual_gap_days,
                       ntile(5) over (order by p.last_order_at, p.customer_id)::int as recency_score,
                       ntile(5) over (order by p.orders, p.customer_id)::int as frequency_score,
                       ntile(5) over (order by p.revenue_usd, p.customer_id)::int as monetary_score
                from per_customer p
            ), ranked as (
                select s.*, case when s.usual_gap_days > 0 then round(s.days_since_last_order / s.usual_gap_days, 2) end as overdue_ratio
                from scored s
                order by overdue_ratio desc nulls last, s.days_since_last_order desc, s.customer_id
                limit @limit
            )
            select r.*, c.first_name, c.last_name, c.country_code
            from ranked r join customers c on c.workspace_id = @workspace and c.id = r.customer_id
            order by r.overdue_ratio desc nulls last, r.days_since_last_order desc, r.customer_id
            """, new { limit }, cancellationToken);

    /// <summary>
    /// New customers per period and source: the platform of a connected shop whose id the customer carries in
    /// external_ids, else linked (other systems' ids, from an import or the API), else direct.
    /// </summary>
    public async Task<IReadOnlyList<AcquisitionRow>> AcquisitionTrendsAsync(WorkspaceId workspace, ReportWindow window, ReportPeriod period, CancellationToken cancellationToken = default) =>
        await QueryAsync<AcquisitionRow>(workspace, window, """
            with shops as materialized (
                select s.source_key, s.platform from commerce_shops s where s.workspace_id = @workspace
            )
            select to_char(date_trunc(@period, c.created_at at time zone @tz), 'YYYY-MM-DD') as period,
                   coalesce((select s.platform from shops s where c.external_ids ->> s.source_key is not null order by s.source_key limit 1),
                            case when c.external_ids = '{}'::jsonb then 'direct' else 'linked' end) as source,
                   count(*)::int as new_customers
            from customers c
            where c.workspace_id = @workspace and c.created_at >= @from and c.created_at < @to and (@owner::uuid is null or c.owner_id = @owner)
            group by 1, 2
            order by 1, 3 desc, 2
            """, new { period = PeriodName(period) }, cancellationToken);

    /// <summary>
    /// Per country where customers live (a total row, then a row per named region): customers who existed by the end
    /// of the window, and their revenue orders in it with USD revenue and average order value.
    /// </summary>
    public async Task<IReadOnlyList<GeographyRow>> GeographyAsync(WorkspaceId workspace, ReportWindow window, CancellationToken cancellationToken = default) =>
        await QueryAsync<GeographyRow>(workspace, window, $"""
            with sales as (
                select o.customer_id, count(*) as orders, sum(o.total_amount_usd - o.refunded_amount_usd) as usd,
                       count(*) filter (where o.usd_pending) as pending
                from {RevenueOrders(window)}
                group by 1
            ), counted as (
                select c.country_code, nullif(btrim(c.region), '') as region, c.created_at < @to as member, s.orders, s.usd, s.pending
                from customers c left join sales s on s.customer_id = c.id
                where c.workspace_id = @workspace and (@owner::uuid is null or c.owner_id = @owner) and (c.created_at < @to or s.customer_id is not null)
            ), grouped as (
                select country_code, region, grouping(region) = 1 as total,
                       (count(*) filter (where member))::int as customers, coalesce(sum(orders), 0)::int as orders,
                       round(coalesce(sum(usd), 0), 2) as revenue_usd, coalesce(sum(pending), 0)::int as usd_pending_orders,
                       round(sum(usd) / nullif(sum(orders) - sum(pending), 0), 2) as average_order_value_usd
                from counted
                group by grouping sets ((country_code), (country_code, region))
                having grouping(region) = 1 or region is not null
            )
            select country_code, case when total then null else region end as region, customers, orders, revenue_usd, usd_pending_orders, average_order_value_usd
            from grouped
            order by max(revenue_usd) filter (where total) over (partition by country_code) desc,
                     max(customers) filter (where total) over (partition by country_code) desc, country_code, total desc, revenue_usd desc, region
            """, null, cancellationToken);

    /// <summary>
    /// Customers who existed by the end of the window, by lifetime value in USD: fixed buckets (every one, also when
    /// empty) and the nearest-rank percentiles p50, p90 and p99.
    /// </summary>
    public async Task<IReadOnlyList<LtvBucketRow>> LtvDistributionAsync(WorkspaceId workspace, ReportWindow window, CancellationToken cancellationToken = default) =>
        await QueryAsync<LtvBucketRow>(workspace, window, """
            with ltv as materialized (
                select c.lifetime_value_usd as usd from customers c
                where c.workspace_id = @workspace and c.created_at < @to and (@owner::uuid is null or c.owner_id = @owner)
            ), edges (bucket, from_usd, to_usd) as (
                values (0, 0::numeric, 0.01::numeric), (1, 0.01, 50), (2, 50, 100), (3, 100, 250), (4, 250, 500),
                       (5, 500, 1000), (6, 1000, 5000), (7, 5000, null)
            ), counted as (
                select width_bucket(l.usd, array[0.01, 50, 100, 250, 500, 1000, 5000]::numeric[]) as bucket, count(*) as customers, sum(l.usd) as usd
                from ltv l group by 1
            ), percentiles as (
                select percentile_disc(array[0.5, 0.9, 0.99]) within group (order by l.usd) as p from ltv l
            )
            select e.from_usd, e.to_usd, coalesce(k.customers, 0)::int as customers, round(coalesce(k.usd, 0), 2) as lifetime_value_usd,
                   round(p.p[1], 2) as p50_usd, round(p.p[2], 2) as p90_usd, round(p.p[3], 2) as p99_usd
            from edges e left join counted k on k.bucket = e.bucket cross join percentiles p
            order by e.bucket
            """, null, cancellationToken);

    /// <summary>
    /// Cohorts by the month (in tz) of the customer's first order, for first orders in the window: the cohort's size
    /// and how many of it ordered again in each later month, up to <paramref name="months"/> months and never past
    /// the month the window ends in (orders after the window do not count).
    /// </summary>
    public async Task<IReadOnlyList<CohortRetentionRow>> CohortRetentionAsync(WorkspaceId workspace, ReportWindow window, int months, CancellationToken cancellationToken = default) =>
        await QueryAsync<CohortRetentionRow>(workspace, window, """
            with cohort as materialized (
                select c.id, date_trunc('month', c.first_order_date at time zone @tz) as month
                from customers c
                where c.workspace_id = @workspace and c.first_order_date >= @from and c.first_order_date < @to and (@owner::uuid is null or c.owner_id = @owner)
            ), sizes as (
                select month, count(*) as size from cohort group by 1
            ), returns as (
                select co.month, r.month_offset, count(distinct co.id) as customers
                from cohort co
                join orders o on o.workspace_id = @workspace and o.customer_id = co.id
                cross join lateral (
                    select ((extract(year from t.month) - extract(year from co.month)) * 12 + extract(month from t.month) - extract(month from co.month))::int as month_offset
                    from (select date_trunc('month', o.ordered_at at time zone @tz) as month) t) r
                where o.status not in ('cancelled', 'refunded') and o.ordered_at >= @from and o.ordered_at < @to and r.month_offset between 1 and @months
                group by 1, 2
            ), last_month as (
                select date_trunc('month', (@to - interval '1 microsecond') at time zone @tz) as month
            )
            select to_char(s.month, 'YYYY-MM-DD') as cohort, s.size::int as cohort_size, k as month_offset,
                   (case when k = 0 then s.size else coalesce(r.customers, 0) end)::int as customers,
                   round(100.0 * (case when k = 0 then s.size else coalesce(r.customers, 0) end) / s.size, 1) as retention_percent
            from sizes s
            cross join generate_series(0, @months) as k
            left join returns r on r.month = s.month and r.month_offset = k
            where s.month + make_interval(months => k) <= (select month from last_month)
            order by s.month, k
            """, new { months }, cancellationToken);

    /// <summary>
    /// Per product of the items of orders in the window (cancelled ones left out): units, orders, the items' USD value
    /// at their order's rate net of the product's share of refunds (all of it when the order was refunded), ranked.
    /// </summary>
    public async Task<IReadOnlyList<ProductPerformanceRow>> ProductPerformanceAsync(WorkspaceId workspace, ReportWindow window, int limit, CancellationToken cancellationToken = default) =>
        await QueryAsync<ProductPerformanceRow>(workspace, window, $"""
            with items as (
                select i.product_id, i.product_name, i.sku, i.quantity, o.id as order_id, o.usd_pending,
                       i.total_price * o.total_amount_usd / nullif(o.total_amount, 0) as usd,
                       case when o.status = 'refunded' then 1 else coalesce(o.refunded_amount / nullif(o.total_amount, 0), 0) end as refunded_share
                from orders o
                join order_items i on i.workspace_id = o.workspace_id and i.order_id = o.id
                where o.workspace_id = @workspace and o.status <> 'cancelled' and o.ordered_at >= @from and o.ordered_at < @to
                  {(window.VisibleToOwner is null ? "" : "and exists (select 1 from customers c where c.workspace_id = o.workspace_id and c.id = o.customer_id and c.owner_id = @owner)")}
            )
            select product_id, max(product_name) as product_name, max(sku) as sku, sum(quantity)::int as units, count(distinct order_id)::int as orders,
                   round(coalesce(sum(usd * (1 - refunded_share)), 0), 2) as revenue_usd,
                   round(coalesce(sum(usd * refunded_share), 0), 2) as refunded_usd,
                   (count(distinct order_id) filter (where refunded_share > 0))::int as refunded_orders,
                   (count(distinct order_id) filter (where usd_pending))::int as usd_pending_orders
            from items
            group by product_id
            order by 6 desc, 4 desc, 1
            limit @limit
            """, new { limit }, cancellationToken);

    private async Task<IReadOnlyList<T>> QueryAsync<T>(WorkspaceId workspace, ReportWindow window, string sql, object? extra, CancellationToken cancellationToken)
    {
        await using var session = await OpenReportSessionAsync(workspace, snapshot: false, cancellationToken);
        return (await session.ReportQueryAsync<T>(sql, ReportParameters(workspace, window, extra), cancellationToken)).ToList();
    }

    private static DynamicParameters ReportParameters(WorkspaceId workspace, ReportWindow window, object? extra)
    {
        var parameters = new DynamicParameters(extra);
        parameters.Add("workspace", workspace.Value);
        parameters.Add("from", DateTime.SpecifyKind(window.From, DateTimeKind.Utc));
        parameters.Add("to", DateTime.SpecifyKind(window.To, DateTimeKind.Utc));
        parameters.Add("tz", window.TimeZone);
        parameters.Add("owner", window.VisibleToOwner);
        return parameters;
    }

    private async Task<WorkspaceSession> OpenReportSessionAsync(WorkspaceId workspace, bool snapshot, CancellationToken cancellationToken)
    {
        var session = snapshot ? await database.BeginSnapshotAsync(workspace, cancellationToken) : await database.BeginAsync(workspace, cancellationToken);
        try
        {
            // Per-customer figures over a year of orders group a few hundred thousand customers: in memory, not spilled to disk.
            await session.ExecuteAsync($"set local work_mem = '{ReportWorkMem}'", cancellationToken: cancellationToken);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private const string ReportWorkMem = "64MB";

    private static string PeriodName(ReportPeriod period) => period.ToString().ToLowerInvariant();
}
