using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Contracts.Orders;

[GenerateSerializer, Immutable, Alias("crm.OrderItem")]
public sealed record OrderItem(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string ProductId,
    [property: Id(2)] string ProductName,
    [property: Id(3)] string? Sku,
    [property: Id(4)] int Quantity,
    [property: Id(5)] decimal UnitPrice,
    [property: Id(6)] decimal TotalPrice);

[GenerateSerializer, Immutable, Alias("crm.Refund")]
public sealed record Refund(
    [property: Id(0)] Guid Id,
    [property: Id(1)] decimal Amount,
    [property: Id(2)] decimal AmountUsd,
    [property: Id(3)] string? Reason,
    [property: Id(4)] bool IsReturn,
    [property: Id(5)] DateTimeOffset CreatedAt);

/// <summary>An order as its grain holds it: one orders row with its items and refunds.</summary>
[GenerateSerializer, Immutable, Alias("crm.OrderSnapshot")]
public sealed record OrderSnapshot
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required WorkspaceId Workspace { get; init; }
    [Id(2)] public required Guid CustomerId { get; init; }
    [Id(3)] public required string OrderNumber { get; init; }
    [Id(4)] public required OrderStatus Status { get; init; }
    [Id(5)] public required PaymentStatus PaymentStatus { get; init; }
    [Id(6)] public required string Currency { get; init; }
    [Id(7)] public required decimal SubtotalAmount { get; init; }
    [Id(8)] public required decimal TaxAmount { get; init; }
    [Id(9)] public required decimal ShippingAmount { get; init; }
    [Id(10)] public required decimal DiscountAmount { get; init; }
    [Id(11)] public required decimal TotalAmount { get; init; }
    [Id(12)] public required decimal RefundedAmount { get; init; }

    /// <summary>Null while <see cref="UsdPending"/>: no exchange rate for the currency yet.</summary>
    [Id(13)] public required decimal? TotalAmountUsd { get; init; }
    [Id(14)] public required decimal RefundedAmountUsd { get; init; }
    [Id(15)] public DateOnly? FxRateDate { get; init; }
    [Id(16)] public required ShippingInfo Shipping { get; init; }
    [Id(17)] public required string Source { get; init; }
    [Id(18)] public string? Notes { get; init; }
    [Id(19)] public required IReadOnlyList<OrderItem> Items { get; init; }
    [Id(20)] public required IReadOnlyList<Refund> Refunds { get; init; }
    [Id(21)] public required DateTimeOffset OrderedAt { get; init; }
    [Id(22)] public DateTimeOffset? ShippedAt { get; init; }
    [Id(23)] public DateTimeOffset? DeliveredAt { get; init; }
    [Id(24)] public DateTimeOffset? CancelledAt { get; init; }
    [Id(25)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(26)] public required DateTimeOffset UpdatedAt { get; init; }
    [Id(27)] public required int Version { get; init; }
    [Id(28)] public decimal DutiesAmount { get; init; }
    [Id(29)] public decimal TipAmount { get; init; }

    /// <summary>The amounts are the selling platform's, kept as given; otherwise the CRM computed them from the items.</summary>
    [Id(30)] public bool TotalsFromSource { get; init; }

    /// <summary>No exchange rate is known for the currency yet: the USD values wait for one (restatement).</summary>
    public bool UsdPending => TotalAmountUsd is null;

    /// <summary>What this order adds to its customer's metrics right now.</summary>
    public OrderFact ToFact() => new(Id, Version, Status, Currency, TotalAmount - RefundedAmount, TotalAmountUsd - RefundedAmountUsd, OrderedAt);
}

/// <summary>
/// The part of an order its customer's metrics need. Sent by the order grain after every committed change;
/// the customer grain keeps the latest per order id (by version), so repeats and reordering are harmless.
/// <see cref="NetAmountUsd"/> is null while the order's USD value is pending.
/// </summary>
[GenerateSerializer, Immutable, Alias("crm.OrderFact")]
public sealed record OrderFact(
    [property: Id(0)] Guid OrderId,
    [property: Id(1)] int Version,
    [property: Id(2)] OrderStatus Status,
    [property: Id(3)] string Currency,
    [property: Id(4)] decimal NetAmount,
    [property: Id(5)] decimal? NetAmountUsd,
    [property: Id(6)] DateTimeOffset OrderedAt);
