namespace SimpleCrm.Contracts.Orders;

[GenerateSerializer, Immutable, Alias("crm.OrderItemDraft")]
public sealed record OrderItemDraft(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string ProductName,
    [property: Id(2)] string? Sku,
    [property: Id(3)] int Quantity,
    [property: Id(4)] decimal UnitPrice,
    [property: Id(5)] decimal? TotalPrice = null);

[GenerateSerializer, Immutable, Alias("crm.ShippingInfo")]
public sealed record ShippingInfo
{
    [Id(0)] public string? Country { get; init; }

    /// <summary>A JSON object (name, lines, city, postal code…), kept as text across the grain boundary.</summary>
    [Id(1)] public string? AddressJson { get; init; }
    [Id(2)] public string? Carrier { get; init; }
    [Id(3)] public string? TrackingNumber { get; init; }
    [Id(4)] public string? TrackingUrl { get; init; }
}

/// <summary>What a person or an integration sends to create an order.</summary>
[GenerateSerializer, Immutable, Alias("crm.OrderDraft")]
public sealed record OrderDraft
{
    [Id(0)] public required Guid CustomerId { get; init; }
    [Id(1)] public required string OrderNumber { get; init; }
    [Id(2)] public required string Currency { get; init; }
    [Id(3)] public IReadOnlyList<OrderItemDraft> Items { get; init; } = [];
    [Id(4)] public decimal TaxAmount { get; init; }
    [Id(5)] public decimal ShippingAmount { get; init; }
    [Id(6)] public decimal DiscountAmount { get; init; }
    [Id(7)] public OrderStatus Status { get; init; } = OrderStatus.Pending;
    [Id(8)] public PaymentStatus PaymentStatus { get; init; } = PaymentStatus.Pending;
    [Id(9)] public ShippingInfo Shipping { get; init; } = new();
    [Id(10)] public string Source { get; init; } = "website";
    [Id(11)] public string? Notes { get; init; }

    /// <summary>When the shop took the order; defaults to now. Its date picks the FX rate.</summary>
    [Id(12)] public DateTimeOffset? OrderedAt { get; init; }
    [Id(13)] public decimal DutiesAmount { get; init; }
    [Id(14)] public decimal TipAmount { get; init; }

    /// <summary>The sum of the items' totals as the sender computed it; checked, or kept when <see cref="TotalsFromSource"/>.</summary>
    [Id(15)] public decimal? SubtotalAmount { get; init; }

    /// <summary>The order's total as the sender computed it; checked, or kept when <see cref="TotalsFromSource"/>.</summary>
    [Id(16)] public decimal? TotalAmount { get; init; }

    /// <summary>
    /// True for orders ingested from a selling platform: its subtotal, discount, tax, shipping, duties, tips, line totals
    /// and total are the books of record and kept exactly as given (tax-inclusive prices and per-line discounts make them
    /// differ from quantity × unit price). False for hand-entered orders: given totals must match the items.
    /// </summary>
    [Id(17)] public bool TotalsFromSource { get; init; }
    [Id(18)] public DateTimeOffset? ShippedAt { get; init; }
    [Id(19)] public DateTimeOffset? DeliveredAt { get; init; }
}

/// <summary>Changes to an existing order other than status and refunds.</summary>
[GenerateSerializer, Immutable, Alias("crm.OrderChanges")]
public sealed record OrderChanges
{
    [Id(0)] public ShippingInfo? Shipping { get; init; }
    [Id(1)] public PaymentStatus? PaymentStatus { get; init; }
    [Id(2)] public string? Notes { get; init; }

    /// <summary>A status move, through the same lifecycle as the status endpoint.</summary>
    [Id(3)] public OrderStatus? Status { get; init; }
}

[GenerateSerializer, Immutable, Alias("crm.RefundRequest")]
public sealed record RefundRequest(
    [property: Id(0)] decimal Amount,
    [property: Id(1)] string? Reason,
    [property: Id(2)] bool IsReturn);
