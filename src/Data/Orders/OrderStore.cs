using System.Text.Json;
using Npgsql;
using SimpleCrm.Data.Changes;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Domain.Orders;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Orders;

namespace SimpleCrm.Data.Orders;

/// <summary>
/// Writes of orders and their items; only the order's grain calls these. Each write commits the row, the
/// customer's timeline entry, the audit row and the outbox row together.
/// </summary>
public sealed class OrderStore(CrmDatabase database)
{
    public async Task<OrderSnapshot?> LoadAsync(WorkspaceId workspace, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<OrderRow>(
            $"select {OrderRow.Columns} from orders where workspace_id = @workspace and id = @id",
            new { workspace = workspace.Value, id }, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var items = await session.QueryAsync<OrderItem>(
            "select id as Id, product_id as ProductId, product_name as ProductName, sku as Sku, quantity as Quantity, unit_price as UnitPrice, total_price as TotalPrice from order_items where workspace_id = @workspace and order_id = @id order by position",
            new { workspace = workspace.Value, id }, cancellationToken);
        return row.ToSnapshot(items.ToList());
    }

    public async Task InsertAsync(OrderSnapshot order, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(order.Workspace, cancellationToken);
        await session.ExecuteAsync($"insert into orders ({OrderRow.InsertColumns}) {OrderRow.SelectRows}",
            new { rows = OrderRow.Rows([(order, 0)]) }, cancellationToken);
        await WriteItemsAsync(session, order, cancellationToken);
        await TimelineJournal.AppendAsync(session, order.CustomerId, "order.created", order.Id,
            new { order.OrderNumber, order.Status, order.TotalAmount, order.Currency }, order.CreatedAt, cancellationToken);
        await ChangeJournal.AppendAsync(session, context, "order", order.Id, "create", null, Order.From(order), "order.created", Order.From(order), cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    /// <param name="timelineKind">The timeline entry this change adds to the customer (status change, refund…).</param>
    /// <returns>false when the stored version is not <paramref name="before"/>'s.</returns>
    public async Task<bool> UpdateAsync(OrderSnapshot before, OrderSnapshot after, ChangeContext context, string topic, string timelineKind, object timelineData, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(after.Workspace, cancellationToken);
        var updated = await session.ExecuteAsync($"""
            update orders o set ({OrderRow.ChangeColumns}) = ({OrderRow.Of("r", OrderRow.ChangeColumns)})
            {OrderRow.FromRows}
            where o.workspace_id = @workspace and o.id = r.id and o.version = (e.j ->> 'previous_version')::int
            """, new { workspace = after.Workspace.Value, rows = OrderRow.Rows([(after, before.Version)]) }, cancellationToken);
        if (updated != 1)
        {
            return false;
        }

        await TimelineJournal.AppendAsync(session, after.CustomerId, timelineKind, after.Id, timelineData, after.UpdatedAt, cancellationToken);
        await ChangeJournal.AppendAsync(session, context, "order", after.Id, "update", Order.From(before), Order.From(after), topic, Order.From(after), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return true;
    }

    public static bool IsDuplicateOrderNumber(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: "orders" };

    public static bool IsUnknownCustomer(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation, TableName: "orders" };

    /// <summary>Writes an order's lines (positions in item order), for a new order or after its old lines were removed.</summary>
    public static Task WriteItemsAsync(WorkspaceSession session, OrderSnapshot order, CancellationToken cancellationToken) =>
        WriteItemsAsync(session, [order], cancellationToken);

    /// <summary>Many orders' lines with one statement (positions in item order), for new orders or after their old lines were removed.</summary>
    public static Task WriteItemsAsync(WorkspaceSession session, IEnumerable<OrderSnapshot> orders, CancellationToken cancellationToken)
    {
        var rows = orders.SelectMany(o => o.Items.Select((i, n) => new
        {
            OrderId = o.Id,
            Position = n + 1,
            i.Id,
            i.ProductId,
            i.ProductName,
            i.Sku,
            i.Quantity,
            i.UnitPrice,
            i.TotalPrice,
        })).ToList();
        return rows.Count == 0 ? Task.CompletedTask : session.ExecuteAsync("""
            insert into order_items (workspace_id, order_id, position, id, product_id, product_name, sku, quantity, unit_price, total_price)
            select @workspace, order_id, position, id, product_id, product_name, sku, quantity, unit_price, total_price
            from jsonb_to_recordset(@rows::jsonb) as i(order_id uuid, position int, id uuid, product_id text, product_name text, sku text,
                quantity int, unit_price numeric, total_price numeric)
            """, new { workspace = session.Workspace.Value, rows = JsonSerializer.Serialize(rows, CrmJson.Options) }, cancellationToken);
    }
}

/// <summary>One orders row as Dapper reads it, and the parameters that write one.</summary>
internal sealed class OrderRow
{
    public const string Columns = """
        id, workspace_id, customer_id, order_number, status, payment_status, currency, subtotal_amount, tax_amount, shipping_amount,
        discount_amount, duties_amount, tip_amount, total_amount, totals_from_source, refunded_amount, total_amount_usd, refunded_amount_usd, fx_rate_date, shipping_country,
        shipping_address::text as shipping_address, carrier, tracking_number, tracking_url, source, notes, refunds::text as refunds,
        ordered_at, shipped_at, delivered_at, cancelled_at, created_at, updated_at, version
        """;

    /// <summary>Every column an insert sets.</summary>
    public const string InsertColumns = """
        workspace_id, id, customer_id, order_number, status, payment_status, currency, subtotal_amount, tax_amount, shipping_amount, discount_amount,
        duties_amount, tip_amount, total_amount, totals_from_source, refunded_amount, total_amount_usd, usd_pending, refunded_amount_usd, fx_rate_date,
        shipping_country, shipping_address, carrier, tracking_number, tracking_url, source, notes, refunds, ordered_at, shipped_at, delivered_at,
        cancelled_at, created_at, updated_at, version
        """;

    /// <summary>Columns a change in the CRM may touch (amounts and the order's identity stay as created).</summary>
    public const string ChangeColumns = """
        status, payment_status, total_amount_usd, usd_pending, fx_rate_date, refunded_amount, refunded_amount_usd, shipping_country, shipping_address,
        carrier, tracking_number, tracking_url, notes, refunds, shipped_at, delivered_at, cancelled_at, updated_at, version
        """;

    /// <summary>Columns a shop's newer state of an order may touch: a change's, and the amounts as the shop gives them.</summary>
    public const string SourceChangeColumns = ChangeColumns + """
        , currency, subtotal_amount, tax_amount, shipping_amount, discount_amount, duties_amount, tip_amount, total_amount, ordered_at
        """;

    /// <summary>
    /// The rows of <see cref="Rows"/> (parameter <c>@rows</c>) as <c>r</c>, each with its JSON as <c>e.j</c> and its place
    /// as <c>e.n</c>: one statement writes one order or a group commit's many.
    /// </summary>
    public const string FromRows = "from jsonb_array_elements(@rows::jsonb) with ordinality as e(j, n), jsonb_populate_record(null::orders, e.j) as r";

    /// <summary>The rows of <see cref="Rows"/> in the columns of <see cref="InsertColumns"/>, in the order given.</summary>
    public static readonly string SelectRows = $"select {Of("r", InsertColumns)} {FromRows} order by e.n";

    /// <summary>A column list with every column taken from <paramref name="alias"/>.</summary>
    public static string Of(string alias, string columns) =>
        string.Join(", ", columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => $"{alias}.{c}"));

    /// <summary>Orders as the JSON array <see cref="FromRows"/> reads; <c>previous_version</c> is the version each update expects.</summary>
    public static string Rows(IEnumerable<(OrderSnapshot Order, int PreviousVersion)> orders) =>
        JsonSerializer.Serialize(orders.Select(o => Json(o.Order, o.PreviousVersion)), CrmJson.Options);

    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid CustomerId { get; set; }
    public string OrderNumber { get; set; } = "";
    public string Status { get; set; } = "";
    public string PaymentStatus { get; set; } = "";
    public string Currency { get; set; } = "";
    public decimal SubtotalAmount { get; set; }
    public decimal TaxAmount { get; set; }
    public decimal ShippingAmount { get; set; }
    public decimal DiscountAmount { get; set; }
    public decimal DutiesAmount { get; set; }
    public decimal TipAmount { get; set; }
    public decimal TotalAmount { get; set; }
    public bool TotalsFromSource { get; set; }
    public decimal RefundedAmount { get; set; }
    public decimal? TotalAmountUsd { get; set; }
    public decimal RefundedAmountUsd { get; set; }
    public DateTime? FxRateDate { get; set; }
    public string? ShippingCountry { get; set; }
    public string? ShippingAddress { get; set; }
    public string? Carrier { get; set; }
    public string? TrackingNumber { get; set; }
    public string? TrackingUrl { get; set; }
    public string Source { get; set; } = "";
    public string? Notes { get; set; }
    public string Refunds { get; set; } = "[]";
    public DateTime OrderedAt { get; set; }
    public DateTime? ShippedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public DateTime? CancelledAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }

    public OrderSnapshot ToSnapshot(IReadOnlyList<OrderItem> items) => new()
    {
        Id = Id,
        Workspace = new WorkspaceId(WorkspaceId),
        CustomerId = CustomerId,
        OrderNumber = OrderNumber,
        Status = EnumNames.Parse<OrderStatus>(Status),
        PaymentStatus = EnumNames.Parse<PaymentStatus>(PaymentStatus),
        Currency = Currency,
        SubtotalAmount = SubtotalAmount,
        TaxAmount = TaxAmount,
        ShippingAmount = ShippingAmount,
        DiscountAmount = DiscountAmount,
        DutiesAmount = DutiesAmount,
        TipAmount = TipAmount,
        TotalAmount = TotalAmount,
        TotalsFromSource = TotalsFromSource,
        RefundedAmount = RefundedAmount,
        TotalAmountUsd = TotalAmountUsd,
        RefundedAmountUsd = RefundedAmountUsd,
        FxRateDate = FxRateDate is null ? null : DateOnly.FromDateTime(FxRateDate.Value),
        Shipping = new ShippingInfo { Country = ShippingCountry, AddressJson = ShippingAddress, Carrier = Carrier, TrackingNumber = TrackingNumber, TrackingUrl = TrackingUrl },
        Source = Source,
        Notes = Notes,
        Items = items,
        Refunds = JsonSerializer.Deserialize<List<Refund>>(Refunds, CrmJson.Options) ?? [],
        OrderedAt = DbTime.Utc(OrderedAt),
        ShippedAt = DbTime.Utc(ShippedAt),
        DeliveredAt = DbTime.Utc(DeliveredAt),
        CancelledAt = DbTime.Utc(CancelledAt),
        CreatedAt = DbTime.Utc(CreatedAt),
        UpdatedAt = DbTime.Utc(UpdatedAt),
        Version = Version,
    };

    /// <summary>
    /// One orders row as JSON whose keys are the column names, for multi-row writes through
    /// <c>jsonb_populate_record(null::orders, …)</c>; <c>previous_version</c> is the version an update expects.
    /// </summary>
    private static object Json(OrderSnapshot o, int previousVersion) => new
    {
        WorkspaceId = o.Workspace.Value,
        o.Id,
        o.CustomerId,
        o.OrderNumber,
        Status = EnumNames.ToName(o.Status),
        PaymentStatus = EnumNames.ToName(o.PaymentStatus),
        o.Currency,
        o.SubtotalAmount,
        o.TaxAmount,
        o.ShippingAmount,
        o.DiscountAmount,
        o.DutiesAmount,
        o.TipAmount,
        o.TotalAmount,
        o.TotalsFromSource,
        o.RefundedAmount,
        o.TotalAmountUsd,
        o.UsdPending,
        o.RefundedAmountUsd,
        o.FxRateDate,
        ShippingCountry = o.Shipping.Country,
        ShippingAddress = o.Shipping.AddressJson is { } address ? JsonDocument.Parse(address).RootElement : (JsonElement?)null,
        o.Shipping.Carrier,
        o.Shipping.TrackingNumber,
        o.Shipping.TrackingUrl,
        o.Source,
        o.Notes,
        Refunds = JsonSerializer.SerializeToElement(o.Refunds, CrmJson.Options),
        o.OrderedAt,
        o.ShippedAt,
        o.DeliveredAt,
        o.CancelledAt,
        o.CreatedAt,
        o.UpdatedAt,
        o.Version,
        PreviousVersion = previousVersion,
    };

}

/// <summary>Enums are stored as their snake_case names, like the API shows them.</summary>
public static class EnumNames
{
    public static string ToName<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static T Parse<T>(string name)
        where T : struct, Enum => Enum.Parse<T>(name.Replace("_", "", StringComparison.Ordinal), ignoreCase: true);
}
