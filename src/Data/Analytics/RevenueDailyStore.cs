using System.Globalization;
using SimpleCrm.Contracts.Analytics;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Analytics;

/// <summary>revenue_daily: the live revenue figures the day grains keep, and their recomputation from orders.</summary>
public sealed class RevenueDailyStore(CrmDatabase database)
{
    private const string CellColumns = """
        to_char(day, 'YYYY-MM-DD') as day, country_code, currency, orders, revenue, revenue_usd, usd_pending_orders
        """;

    /// <summary>A UTC day's figures computed from the orders themselves: the truth the grains must equal.</summary>
    public async Task<IReadOnlyList<RevenueCell>> RecomputeAsync(WorkspaceId workspace, string day, CancellationToken cancellationToken = default)
    {
        var start = DateTime.SpecifyKind(DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<CellRow>("""
            select @day as day, coalesce(shipping_country, '') as country_code, currency, count(*)::int as orders,
                   sum(total_amount - refunded_amount) as revenue, coalesce(sum(total_amount_usd - refunded_amount_usd), 0) as revenue_usd,
                   (count(*) filter (where usd_pending))::int as usd_pending_orders
            from orders
            where workspace_id = @workspace and ordered_at >= @start and ordered_at < @end and status not in ('cancelled', 'refunded')
            group by 2, 3
            order by 2, 3
            """, new { workspace = workspace.Value, day, start, end = start.AddDays(1) }, cancellationToken)).Select(r => r.ToCell()).ToList();
    }

    /// <summary>The UTC days [from, to] computed from the orders of one owner's customers: an agent's own figures.</summary>
    public async Task<IReadOnlyList<RevenueCell>> ComputeForOwnerAsync(WorkspaceId workspace, DateOnly from, DateOnly to, Guid owner, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<CellRow>("""
            select to_char(o.ordered_at at time zone 'UTC', 'YYYY-MM-DD') as day, coalesce(o.shipping_country, '') as country_code, o.currency,
                   count(*)::int as orders, sum(o.total_amount - o.refunded_amount) as revenue,
                   coalesce(sum(o.total_amount_usd - o.refunded_amount_usd), 0) as revenue_usd, (count(*) filter (where o.usd_pending))::int as usd_pending_orders
            from orders o join customers c on c.workspace_id = o.workspace_id and c.id = o.customer_id
            where o.workspace_id = @workspace and c.owner_id = @owner and o.status not in ('cancelled', 'refunded')
              and o.ordered_at >= @start and o.ordered_at < @end
            group by 1, 2, 3
            order by 1, 2, 3
            """, new
        {
            workspace = workspace.Value,
            owner,
            start = DateTime.SpecifyKind(from.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc),
            end = DateTime.SpecifyKind(to.AddDays(1).ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc),
        }, cancellationToken)).Select(r => r.ToCell()).ToList();
    }

    /// <summary>The current fact of each order placed on a UTC day, as its order grain would report it.</summary>
    public async Task<IReadOnlyList<RevenueFact>> FactsAsync(WorkspaceId workspace, string day, CancellationToken cancellationToken = default)
    {
        var start = DateTime.SpecifyKind(DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<FactRow>("""
            select id, version, coalesce(shipping_country, '') as country_code, currency, status not in ('cancelled', 'refunded') as counts,
                   total_amount - refunded_amount as revenue, coalesce(total_amount_usd - refunded_amount_usd, 0) as revenue_usd, usd_pending
            from orders
            where workspace_id = @workspace and ordered_at >= @start and ordered_at < @end
            """, new { workspace = workspace.Value, start, end = start.AddDays(1) }, cancellationToken))
            .Select(r => new RevenueFact(r.Id, r.Version, day, r.CountryCode, r.Currency, r.Counts, r.Revenue, r.RevenueUsd, r.UsdPending)).ToList();
    }

    /// <summary>Replaces a day's rows with these figures, in one transaction.</summary>
    public async Task ReplaceDayAsync(WorkspaceId workspace, string day, IReadOnlyCollection<RevenueCell> cells, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync("""
            delete from revenue_daily where workspace_id = @workspace and day = @day::date;
            insert into revenue_daily (workspace_id, day, country_code, currency, orders, revenue, revenue_usd, usd_pending_orders)
            select @workspace, @day::date, * from unnest(@countries, @currencies, @orders, @revenue, @revenueUsd, @pending);
            """, new
        {
            workspace = workspace.Value,
            day,
            countries = cells.Select(c => c.CountryCode).ToArray(),
            currencies = cells.Select(c => c.Currency).ToArray(),
            orders = cells.Select(c => c.Orders).ToArray(),
            revenue = cells.Select(c => c.Revenue).ToArray(),
            revenueUsd = cells.Select(c => c.RevenueUsd).ToArray(),
            pending = cells.Select(c => c.UsdPendingOrders).ToArray(),
        }, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    /// <summary>The stored figures of the UTC days [from, to].</summary>
    public async Task<IReadOnlyList<RevenueCell>> ListAsync(WorkspaceId workspace, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<CellRow>($"""
            select {CellColumns} from revenue_daily
            where workspace_id = @workspace and day between @from::date and @to::date
            order by day, country_code, currency
            """, new { workspace = workspace.Value, from = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, cancellationToken)).Select(r => r.ToCell()).ToList();
    }

    private sealed class FactRow
    {
        public Guid Id { get; set; }
        public int Version { get; set; }
        public string CountryCode { get; set; } = "";
        public string Currency { get; set; } = "";
        public bool Counts { get; set; }
        public decimal Revenue { get; set; }
        public decimal RevenueUsd { get; set; }
        public bool UsdPending { get; set; }
    }

    private sealed class CellRow
    {
        public string Day { get; set; } = "";
        public string CountryCode { get; set; } = "";
        public string Currency { get; set; } = "";
        public int Orders { get; set; }
        public decimal Revenue { get; set; }
        public decimal RevenueUsd { get; set; }
        public int UsdPendingOrders { get; set; }

        public RevenueCell ToCell() => new(Day, CountryCode, Currency, Orders, Revenue, RevenueUsd, UsdPendingOrders);
    }
}
