using System.Text;
using Dapper;
using SimpleCrm.Data.Customers;
using SimpleCrm.Data.Lists;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Orders;

namespace SimpleCrm.Data.Orders;

public sealed record OrderFilter
{
    /// <summary>Order number, partial (three or more characters) or exact.</summary>
    public string? Search { get; init; }
    public IReadOnlyList<OrderStatus> Statuses { get; init; } = [];
    public Guid? CustomerId { get; init; }
    public IReadOnlyList<string> ShippingCountries { get; init; } = [];
    public IReadOnlyList<string> Currencies { get; init; } = [];
    public decimal? TotalUsdAtLeast { get; init; }
    public decimal? TotalUsdAtMost { get; init; }
    public DateTimeOffset? OrderedAfter { get; init; }
    public DateTimeOffset? OrderedBefore { get; init; }
    public string? Source { get; init; }

    /// <summary>Access control: only orders of customers assigned to this team member (agents).</summary>
    public Guid? VisibleToOwner { get; init; }
}

/// <summary>An order as lists show it: no items, with its customer's name.</summary>
public sealed record OrderSummary
{
    public Guid Id { get; init; }
    public Guid CustomerId { get; init; }
    public string CustomerName { get; init; } = "";

    /// <summary>The name's parts and the customer's language and country, so clients can order the name as the customer's culture does.</summary>
    public string CustomerFirstName { get; init; } = "";

    public string CustomerLastName { get; init; } = "";

    public string CustomerLanguage { get; init; } = "";

    public string CustomerCountryCode { get; init; } = "";

    public string OrderNumber { get; init; } = "";
    public string Status { get; init; } = "";
    public string PaymentStatus { get; init; } = "";
    public string Currency { get; init; } = "";
    public decimal TotalAmount { get; init; }
    public decimal RefundedAmount { get; init; }
    /// <summary>Null while <see cref="UsdPending"/>.</summary>
    public decimal? TotalAmountUsd { get; init; }

    /// <summary>No exchange rate for the currency yet: the USD value waits for one.</summary>
    public bool UsdPending { get; init; }
    public string? ShippingCountry { get; init; }
    public string? Carrier { get; init; }
    public string? TrackingNumber { get; init; }
    public string Source { get; init; } = "";
    public DateTime OrderedAt { get; init; }
    public DateTime CreatedAt { get; init; }
}

public sealed class OrderQueries(CrmDatabase database)
{
    public static readonly IReadOnlyDictionary<string, SortableColumn> Sortable = new[]
    {
        new SortableColumn("created_at", "o.created_at", "timestamptz"),
        new SortableColumn("ordered_at", "o.ordered_at", "timestamptz"),
        new SortableColumn("order_number", "o.order_number", "text"),
        new SortableColumn("status", "o.status", "text"),
        // Pending orders have no USD value yet: they sort as the smallest.
        new SortableColumn("total_amount_usd", "coalesce(o.total_amount_usd, -1)", "numeric"),
    }.ToDictionary(c => c.Name);

    public static readonly IReadOnlyList<SortTerm> DefaultSort = [new(Sortable["created_at"], Descending: true)];

    private const string Select = """
        o.id, o.customer_id, c.first_name || ' ' || c.last_name as customer_name,
        c.first_name as customer_first_name, c.last_name as customer_last_name, c.language as customer_language,
        c.country_code as customer_country_code, o.order_number, o.status, o.payment_status,
        o.currency, o.total_amount, o.refunded_amount, o.total_amount_usd, o.usd_pending, o.shipping_country, o.carrier, o.tracking_number,
        o.source, o.ordered_at, o.created_at
        """;

    /// <summary>
    /// Orders o whose number holds @searchLike, matched in order_number_search: on orders itself row-level security
    /// keeps ILIKE from the trigram index, and the match would read every order of the workspace. "offset 0" keeps
    /// the subquery planned on its own: pulled up into the query over orders, its ILIKE falls under the same rule.
    /// </summary>
    public const string NumberFragment =
        " and o.id in (select s.order_id from order_number_search s where s.workspace_id = @workspace and s.order_number ilike @searchLike offset 0)";

    public async Task<Page<OrderSummary>> ListAsync(WorkspaceId workspace, OrderFilter filter, IReadOnlyList<SortTerm> sort, PageRequest page, CancellationToken cancellationToken = default)
    {
        var sql = new StringBuilder("from orders o join customers c on c.workspace_id = o.workspace_id and c.id = o.customer_id where o.workspace_id = @workspace");
        var p = new DynamicParameters();
        p.Add("workspace", workspace.Value);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var search = filter.Search.Trim();
            p.Add("search", search);
            p.Add("searchLike", "%" + CustomerQueries.EscapeLike(search) + "%");
            sql.Append(search.Length >= 3 ? NumberFragment : " and o.order_number in (@search, '#' || @search)");
        }

        if (filter.Statuses.Count > 0)
        {
            sql.Append(" and o.status = any(@statuses)");
            p.Add("statuses", filter.Statuses.Select(EnumNames.ToName).ToArray());
        }

        Conditions.AddIf(sql, p, "o.customer_id = @customerId", "customerId", filter.CustomerId);
        Conditions.AddIf(sql, p, "c.owner_id = @visibleToOwner", "visibleToOwner", filter.VisibleToOwner);
        if (filter.ShippingCountries.Count > 0)
        {
            sql.Append(" and o.shipping_country = any(@countries)");
            p.Add("countries", filter.ShippingCountries.ToArray());
        }

        if (filter.Currencies.Count > 0)
        {
            sql.Append(" and o.currency = any(@currencies)");
            p.Add("currencies", filter.Currencies.ToArray());
        }

        Conditions.AddIf(sql, p, "o.total_amount_usd >= @totalGte", "totalGte", filter.TotalUsdAtLeast);
        Conditions.AddIf(sql, p, "o.total_amount_usd <= @totalLte", "totalLte", filter.TotalUsdAtMost);
        Conditions.AddIf(sql, p, "o.ordered_at > @orderedAfter", "orderedAfter", filter.OrderedAfter);
        Conditions.AddIf(sql, p, "o.ordered_at < @orderedBefore", "orderedBefore", filter.OrderedBefore);
        if (filter.Source is not null)
        {
            sql.Append(" and o.source = @source");
            p.Add("source", filter.Source);
        }

        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await ListRunner.RunAsync<OrderSummary>(session, Select, sql.ToString(), p, sort, "o.id", page, cancellationToken);
    }

    /// <summary>Ids of the workspace's orders whose USD value is pending, optionally only in some currencies.</summary>
    public async Task<IReadOnlyList<Guid>> PendingUsdIdsAsync(WorkspaceId workspace, IReadOnlyCollection<string>? currencies, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<Guid>("""
            select id from orders
            where workspace_id = @workspace and usd_pending and (@currencies::text[] is null or currency = any(@currencies::text[]))
            order by ordered_at
            """, new { workspace = workspace.Value, currencies = currencies?.ToArray() }, cancellationToken)).ToList();
    }

    /// <summary>Ids of the orders placed in [from, to] (UTC dates), optionally of one currency.</summary>
    public async Task<IReadOnlyList<Guid>> IdsAsync(WorkspaceId workspace, DateOnly from, DateOnly to, string? currency, int max, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<Guid>("""
            select id from orders
            where workspace_id = @workspace and ordered_at >= @from and ordered_at < @to and (@currency::text is null or currency = @currency)
            order by ordered_at limit @max
            """, new
        {
            workspace = workspace.Value,
            from = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            to = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            currency,
            max,
        }, cancellationToken)).ToList();
    }
}
