using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Tests.Analytics;

/// <summary>
/// A generated population for comparing a rollup with the recomputation it replaces: customers created, their orders and
/// segment stays entered and left at random instants over three weeks around two DST changes (Europe/Berlin on 25 October
/// 2026, America/New_York on 1 November), a quarter of them exactly on the hour, some exactly at UTC midnight.
/// Written with SQL (as an import or a sync would), so the triggers see multi-row statements.
/// </summary>
public sealed class GeneratedPopulation(CrmDatabase database, WorkspaceId workspace, int seed)
{
    public static readonly DateTime Start = new(2026, 10, 20, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Countries = ["DE", "US", "JP", "IN", "BR"];

    private readonly Random random = new(seed);

    /// <summary>An instant within the three weeks after <see cref="Start"/>.</summary>
    public DateTime Instant()
    {
        var hour = Start.AddHours(random.Next(21 * 24));
        return random.Next(8) switch
        {
            0 => hour.Date,
            1 => hour,
            _ => hour.AddMinutes(random.Next(60)).AddSeconds(random.Next(60)).AddTicks(random.Next(10) * 10),
        };
    }

    public async Task<Guid[]> CustomersAsync(int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        var created = ids.Select(_ => Instant()).ToArray();
        var countries = ids.Select(_ => Countries[random.Next(Countries.Length)]).ToArray();
        await using var session = await database.BeginAsync(workspace);
        await session.ExecuteAsync("""
            insert into customers (workspace_id, id, first_name, last_name, email, country_code, timezone, language, currency, status, created_at, updated_at, version)
            select @workspace, c.id, 'Gen', 'Erated', c.id::text || '@population.test', c.country, 'UTC', 'en', 'USD', 'active', c.created, c.created, 1
            from unnest(@ids, @countries, @created) as c(id, country, created)
            """, new { workspace = workspace.Value, ids, countries, created });
        await session.CommitAsync();
        return ids;
    }

    /// <summary>One stay per customer in the segment, a third of them left again.</summary>
    public async Task StaysAsync(Guid segment, IReadOnlyList<Guid> customers)
    {
        var entered = customers.Select(_ => Instant()).ToArray();
        var left = entered.Select(e => random.Next(3) == 0 ? e.AddHours(random.Next(0, 200)).AddMinutes(random.Next(60)) : (DateTime?)null).ToArray();
        await using var session = await database.BeginAsync(workspace);
        await session.ExecuteAsync("""
            insert into segment_memberships (workspace_id, segment_id, customer_id, entered_at, left_at)
            select @workspace, @segment, s.customer, s.entered, s.left_at from unnest(@customers, @entered, @left) as s(customer, entered, left_at)
            """, new { workspace = workspace.Value, segment, customers = customers.ToArray(), entered, left });
        await session.CommitAsync();
    }

    /// <summary>
    /// Orders spread over the customers (some with none, some with many): amounts from a few values so that customers tie
    /// on revenue and on order count; every status, USD values pending for some, partial and full refunds.
    /// </summary>
    public async Task<Guid[]> OrdersAsync(IReadOnlyList<Guid> customers, int count)
    {
        string[] statuses = ["pending", "processing", "shipped", "delivered", "delivered", "delivered", "cancelled", "refunded"];
        decimal[] amounts = [10m, 20m, 20m, 50m, 99.99m, 250m];
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        // Squared: a few customers order much more often than the rest.
        var owners = ids.Select(_ => customers[(int)(Math.Pow(random.NextDouble(), 2) * customers.Count)]).ToArray();
        var status = ids.Select(_ => statuses[random.Next(statuses.Length)]).ToArray();
        var total = ids.Select(_ => amounts[random.Next(amounts.Length)]).ToArray();
        var pending = ids.Select(_ => random.Next(10) == 0).ToArray();
        var refunded = total.Select((t, i) => status[i] == "refunded" ? t : random.Next(6) == 0 ? Math.Round(t / 4, 2) : 0m).ToArray();
        var ordered = ids.Select(_ => Instant()).ToArray();
        await using var session = await database.BeginAsync(workspace);
        await session.ExecuteAsync("""
            insert into orders (workspace_id, id, customer_id, order_number, status, payment_status, currency, subtotal_amount, total_amount,
                                refunded_amount, total_amount_usd, refunded_amount_usd, usd_pending, shipping_country, source, ordered_at, created_at, updated_at, version)
            select @workspace, o.id, o.customer, 'GEN-' || o.id, o.status, 'paid', 'USD', o.total, o.total,
                   o.refunded, case when o.pending then null else o.total end, case when o.pending then 0 else o.refunded end, o.pending, 'DE', 'api', o.ordered, o.ordered, o.ordered, 1
            from unnest(@ids, @owners, @status, @total, @refunded, @pending, @ordered) as o(id, customer, status, total, refunded, pending, ordered)
            """, new { workspace = workspace.Value, ids, owners, status, total, refunded, pending, ordered });
        await session.CommitAsync();
        return ids;
    }

    public async Task<int> ExecuteAsync(string sql, object? parameters = null)
    {
        await using var session = await database.BeginAsync(workspace);
        var rows = await session.ExecuteAsync(sql, parameters);
        await session.CommitAsync();
        return rows;
    }

    public async Task<List<string>> QueryAsync(string sql, object? parameters = null)
    {
        await using var session = await database.BeginAsync(workspace);
        return (await session.QueryAsync<string>(sql, parameters)).ToList();
    }
}
