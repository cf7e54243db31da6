using System.Text;
using Dapper;
using SimpleCrm.Data.Lists;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Data.Customers;

/// <summary>What a customer list is narrowed to. Every part is optional; they combine with AND.</summary>
public sealed record CustomerFilter
{
    public string? Search { get; init; }
    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<CustomerStatus> Statuses { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public decimal? LifetimeValueUsdAtLeast { get; init; }
    public decimal? LifetimeValueUsdAtMost { get; init; }
    public int? OrdersAtLeast { get; init; }
    public DateTimeOffset? CreatedAfter { get; init; }
    public DateTimeOffset? CreatedBefore { get; init; }
    public Guid? OwnerId { get; init; }

    /// <summary>Members of this segment (now, or at <see cref="SegmentAt"/>).</summary>
    public Guid? Segment { get; init; }

    /// <summary>With <see cref="Segment"/>: who was a member at this instant (membership history).</summary>
    public DateTimeOffset? SegmentAt { get; init; }

    /// <summary>Access control, not a user's filter: only customers assigned to this team member (agents).</summary>
    public Guid? VisibleToOwner { get; init; }

    public IReadOnlyList<Guid> Ids { get; init; } = [];

    /// <summary>Customers whose order has exactly the searched number; resolved before the list query.</summary>
    public IReadOnlyList<Guid> OrderNumberMatches { get; init; } = [];

    /// <summary>custom.&lt;field&gt;=value: the custom field's value, compared as text.</summary>
    public IReadOnlyDictionary<string, string> CustomFields { get; init; } = new Dictionary<string, string>();

    /// <summary>True when the search is the only thing narrowing the list.</summary>
    public bool HasOnlySearch =>
        Countries.Count == 0 && Statuses.Count == 0 && Tags.Count == 0 && Ids.Count == 0 && CustomFields.Count == 0
        && LifetimeValueUsdAtLeast is null && LifetimeValueUsdAtMost is null && OrdersAtLeast is null
        && CreatedAfter is null && CreatedBefore is null && OwnerId is null && VisibleToOwner is null && Segment is null;
}

public sealed record TagCountRow(string Tag, long Customers);

/// <summary>Reads across many customers: these go to SQL, never to grains.</summary>
public sealed class CustomerQueries(CrmDatabase database)
{
    /// <summary>How many of the newest customers a plain search tests first (<see cref="SearchPlan.Window"/>); smaller in tests.</summary>
    public int SearchWindow { get; init; } = SearchPlan.WindowSize;

    public static readonly IReadOnlyDictionary<string, SortableColumn> Sortable = new[]
    {
        new SortableColumn("created_at", "c.created_at", "timestamptz"),
        new SortableColumn("updated_at", "c.updated_at", "timestamptz"),
        new SortableColumn("first_name", "c.first_name", "text"),
        new SortableColumn("last_name", "c.last_name", "text"),
        new SortableColumn("email", "lower(c.email)", "text"),
        new SortableColumn("country_code", "c.country_code", "text"),
        new SortableColumn("status", "c.status", "text"),
        new SortableColumn("lifetime_value_usd", "c.lifetime_value_usd", "numeric"),
        new SortableColumn("total_orders", "c.total_orders", "integer"),
        new SortableColumn("last_order_date", "coalesce(c.last_order_date, '-infinity')", "timestamptz"),
    }.ToDictionary(c => c.Name);

    public static readonly IReadOnlyList<SortTerm> DefaultSort = [new(Sortable["created_at"], Descending: true)];

    public async Task<Page<CustomerSnapshot>> ListAsync(WorkspaceId workspace, CustomerFilter filter, IReadOnlyList<SortTerm> sort, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        filter = await WithOrderNumberMatchesAsync(session, filter, cancellationToken);
        var (fromWhere, parameters) = Where(workspace, filter);
        LateRows? late = null;
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            // Cheap tries on prefixes of the newest-first order (the newest customers, then the newest weeks and
            // blocks); a try counts only when its page is full and has a next one.
            if (await FromPrefixAsync(SearchPlan.Window(session, filter, sort, page.IncludeTotal, SearchWindow)) is { } newest)
            {
                return newest;
            }

            foreach (var recent in await SearchPlan.RecentAsync(session, filter, sort, page.IncludeTotal, cancellationToken))
            {
                if (await FromPrefixAsync(recent) is { } found)
                {
                    return found;
                }
            }

            switch (await SearchPlan.ChooseAsync(session, filter, sort, cancellationToken))
            {
                case SearchPlan.Rare rare when rare.Ids.Count == 0:
                    return new Page<CustomerSnapshot>([], null, page.IncludeTotal ? 0 : null);
                case SearchPlan.Rare rare:
                    (fromWhere, parameters) = Where(workspace, filter with { Search = null, OrderNumberMatches = [], Ids = rare.Ids });
                    break;
                case SearchPlan.Walk walk:
                    (fromWhere, parameters, late) = (walk.FromWhere, walk.Parameters, walk.Rows);
                    break;
            }
        }

        var result = await ListRunner.RunAsync<CustomerRow>(session, PrefixedColumns, fromWhere, parameters, sort, "c.id", page, cancellationToken, late);
        return new Page<CustomerSnapshot>(result.Items.Select(r => r.ToSnapshot()).ToList(), result.NextCursor, result.Total);

        async Task<Page<CustomerSnapshot>?> FromPrefixAsync(SearchPlan.Walk? prefix)
        {
            if (prefix is null)
            {
                return null;
            }

            var rows = await ListRunner.RunAsync<CustomerRow>(session, PrefixedColumns, prefix.FromWhere, prefix.Parameters, sort, "c.id", page, cancellationToken, prefix.Rows);
            return rows.NextCursor is null ? null : new Page<CustomerSnapshot>(rows.Items.Select(r => r.ToSnapshot()).ToList(), rows.NextCursor, null);
        }
    }

    /// <summary>
    /// An exact order number finds its customer. Looked up first through the order-number key, so the main
    /// query stays an OR of index conditions (an OR with a subquery would scan every customer).
    /// </summary>
    private static async Task<CustomerFilter> WithOrderNumberMatchesAsync(WorkspaceSession session, CustomerFilter filter, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(filter.Search))
        {
            return filter;
        }

        var search = filter.Search.Trim();
        var ids = await session.QueryAsync<Guid>(
            "select customer_id from orders where workspace_id = @workspace and order_number in (@search, '#' || @search) limit 20",
            new { workspace = session.Workspace.Value, search }, cancellationToken);
        return filter with { OrderNumberMatches = ids.ToList() };
    }

    /// <summary>Just the ids a filter matches, for bulk actions on a whole filter.</summary>
    public async Task<IReadOnlyList<Guid>> IdsAsync(WorkspaceId workspace, CustomerFilter filter, int max, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        filter = await WithOrderNumberMatchesAsync(session, filter, cancellationToken);
        var (fromWhere, parameters) = Where(workspace, filter);
        parameters.Add("max", max);
        return (await session.QueryAsync<Guid>($"select c.id {fromWhere} order by c.created_at, c.id limit @max", parameters, cancellationToken)).ToList();
    }

    /// <summary>Tags in use with their customer counts; with <paramref name="visibleToOwner"/>, only that owner's customers count.</summary>
    public async Task<IReadOnlyList<TagCountRow>> TagsAsync(WorkspaceId workspace, Guid? visibleToOwner, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<TagCountRow>("""
            select tag, count(*) as customers from customers c, unnest(c.tags) as tag
            where c.workspace_id = @workspace and (@visibleToOwner::uuid is null or c.owner_id = @visibleToOwner)
            group by tag order by count(*) desc, tag
            """, new { workspace = workspace.Value, visibleToOwner }, cancellationToken)).ToList();
    }

    /// <summary>Streams every customer a filter matches, in a stable order, without holding them in memory.</summary>
    public async IAsyncEnumerable<CustomerSnapshot> StreamAsync(WorkspaceId workspace, CustomerFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        filter = await WithOrderNumberMatchesAsync(session, filter, cancellationToken);
        var (fromWhere, parameters) = Where(workspace, filter);
        await foreach (var row in session.StreamAsync<CustomerRow>($"select {PrefixedColumns} {fromWhere} order by c.created_at, c.id", parameters, cancellationToken))
        {
            yield return row.ToSnapshot();
        }
    }

    /// <summary>Which of these emails (case-insensitive) and external ids belong to which customer, for import upserts.</summary>
    public async Task<IReadOnlyDictionary<string, Guid>> IdsByEmailAsync(WorkspaceId workspace, IReadOnlyCollection<string> emails, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var rows = await session.QueryAsync<(string Email, Guid Id)>(
            "select email_key, id from customers where workspace_id = @workspace and email_key = any(@emails)",
            new { workspace = workspace.Value, emails = emails.Select(e => e.ToLowerInvariant()).ToArray() }, cancellationToken);
        return rows.ToDictionary(r => r.Email, r => r.Id);
    }

    public async Task<IReadOnlyDictionary<string, Guid>> IdsByExternalIdAsync(WorkspaceId workspace, string source, IReadOnlyCollection<string> externalIds, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var rows = await session.QueryAsync<(string ExternalId, Guid Id)>(
            "select external_id, customer_id from customer_external_ids where workspace_id = @workspace and source = @source and external_id = any(@ids)",
            new { workspace = workspace.Value, source, ids = externalIds.ToArray() }, cancellationToken);
        return rows.ToDictionary(r => r.ExternalId, r => r.Id);
    }

    private static readonly string PrefixedColumns = string.Join(", ",
        CustomerRow.Columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => "c." + c));

    /// <summary>The FROM/WHERE of a filter, with its parameters. Every value is a parameter, never spliced text.</summary>
    public static (string Sql, DynamicParameters Parameters) Where(WorkspaceId workspace, CustomerFilter filter)
    {
        var (conditions, parameters) = FilterConditions(workspace, filter);
        return ("from customers c where " + conditions, parameters);
    }

    /// <summary>A filter's conditions on customers aliased <paramref name="c"/> ("c" unless told), with their parameters.</summary>
    public static (string Sql, DynamicParameters Parameters) FilterConditions(WorkspaceId workspace, CustomerFilter filter, string c = "c")
    {
        var sql = new StringBuilder($"{c}.workspace_id = @workspace");
        var p = new DynamicParameters();
        p.Add("workspace", workspace.Value);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            AppendSearch(sql, p, filter.Search.Trim(), filter.OrderNumberMatches, c);
        }

        if (filter.Countries.Count > 0)
        {
            sql.Append($" and {c}.country_code = any(@countries)");
            p.Add("countries", filter.Countries.ToArray());
        }

        if (filter.Statuses.Count > 0)
        {
            sql.Append($" and {c}.status = any(@statuses)");
            p.Add("statuses", filter.Statuses.Select(s => s.ToName()).ToArray());
        }

        if (filter.Tags.Count > 0)
        {
            sql.Append($" and {c}.tags @> @tags");
            p.Add("tags", filter.Tags.ToArray());
        }

        Conditions.AddIf(sql, p, $"{c}.lifetime_value_usd >= @ltvGte", "ltvGte", filter.LifetimeValueUsdAtLeast);
        Conditions.AddIf(sql, p, $"{c}.lifetime_value_usd <= @ltvLte", "ltvLte", filter.LifetimeValueUsdAtMost);
        Conditions.AddIf(sql, p, $"{c}.total_orders >= @ordersGte", "ordersGte", filter.OrdersAtLeast);
        Conditions.AddIf(sql, p, $"{c}.created_at > @createdAfter", "createdAfter", filter.CreatedAfter);
        Conditions.AddIf(sql, p, $"{c}.created_at < @createdBefore", "createdBefore", filter.CreatedBefore);
        Conditions.AddIf(sql, p, $"{c}.owner_id = @owner", "owner", filter.OwnerId);
        Conditions.AddIf(sql, p, $"{c}.owner_id = @visibleToOwner", "visibleToOwner", filter.VisibleToOwner);
        if (filter.Segment is { } segment)
        {
            // Through the open-stay index now; through the primary key (segment, customer, entered_at) for a past instant.
            sql.Append(filter.SegmentAt is null
                ? $" and exists (select 1 from segment_memberships m where m.workspace_id = {c}.workspace_id and m.segment_id = @segment and m.customer_id = {c}.id and m.left_at is null)"
                : $" and exists (select 1 from segment_memberships m where m.workspace_id = {c}.workspace_id and m.segment_id = @segment and m.customer_id = {c}.id and m.entered_at <= @segmentAt and (m.left_at is null or m.left_at > @segmentAt))");
            p.Add("segment", segment);
            p.Add("segmentAt", filter.SegmentAt);
        }

        if (filter.Ids.Count > 0)
        {
            sql.Append($" and {c}.id = any(@ids)");
            p.Add("ids", filter.Ids.ToArray());
        }

        var i = 0;
        foreach (var (field, value) in filter.CustomFields)
        {
            sql.Append($" and {c}.custom_fields ->> @customKey{i} = @customValue{i}");
            p.Add($"customKey{i}", field);
            p.Add($"customValue{i}", value);
            i++;
        }

        return (sql.ToString(), p);
    }

    /// <summary>
    /// Accent- and case-insensitive search through customer_search (see <see cref="CustomerSearch"/>), or an
    /// exact order number's customer.
    /// </summary>
    private static void AppendSearch(StringBuilder sql, DynamicParameters p, string search, IReadOnlyList<Guid> orderNumberMatches, string c)
    {
        CustomerSearch.AddParameters(p, search);
        sql.Append($" and (exists (select 1 from customer_search s where s.workspace_id = @workspace and s.id = {c}.id and ")
            .Append(CustomerSearch.Condition("s", search)).Append(')');
        if (orderNumberMatches.Count > 0)
        {
            sql.Append($" or {c}.id = any(@orderNumberMatches)");
            p.Add("orderNumberMatches", orderNumberMatches.ToArray());
        }

        sql.Append(')');
    }

    public static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
