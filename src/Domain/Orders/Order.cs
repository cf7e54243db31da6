using System.Text.Json;
using SimpleCrm.Contracts.Orders;

namespace SimpleCrm.Domain.Orders;

/// <summary>The public JSON document of an order: API responses, webhook payloads and audit snapshots.</summary>
public sealed record Order
{
    public required Guid Id { get; init; }
    public required Guid CustomerId { get; init; }
    public required string OrderNumber { get; init; }
    public required OrderStatus Status { get; init; }

    /// <summary>The statuses this order may move to next.</summary>
    public required IReadOnlyList<OrderStatus> NextStatuses { get; init; }
    public required PaymentStatus PaymentStatus { get; init; }
    public required string Currency { get; init; }
    public required decimal SubtotalAmount { get; init; }
    public required decimal TaxAmount { get; init; }
    public required decimal ShippingAmount { get; init; }
    public required decimal DiscountAmount { get; init; }
    public required decimal DutiesAmount { get; init; }
    public required decimal TipAmount { get; init; }
    public required decimal TotalAmount { get; init; }

    /// <summary>True when the amounts are the selling platform's, kept as given; false when the CRM computed them from the items.</summary>
    public required bool TotalsFromSource { get; init; }
    public required decimal RefundedAmount { get; init; }

    /// <summary>total_amount at the ECB reference rate of the order's date (or the nearest earlier one: fx_rate_date); null while usd_pending.</summary>
    public required decimal? TotalAmountUsd { get; init; }
    public required decimal? RefundedAmountUsd { get; init; }

    /// <summary>No exchange rate is known for the currency yet: the USD amounts are null, the order is left out of USD sums, and it is restated when a rate arrives.</summary>
    public required bool UsdPending { get; init; }
    public required DateOnly? FxRateDate { get; init; }
    public required string? ShippingCountry { get; init; }
    public required JsonElement? ShippingAddress { get; init; }
    public required string? Carrier { get; init; }
    public required string? TrackingNumber { get; init; }
    public required string? TrackingUrl { get; init; }
    public required string Source { get; init; }
    public required string? Notes { get; init; }
    public required IReadOnlyList<OrderItemDocument> Items { get; init; }
    public required IReadOnlyList<RefundDocument> Refunds { get; init; }
    public required DateTimeOffset OrderedAt { get; init; }
    public required DateTimeOffset? ShippedAt { get; init; }
    public required DateTimeOffset? DeliveredAt { get; init; }
    public required DateTimeOffset? CancelledAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required int Version { get; init; }

    public static Order From(OrderSnapshot o)
    {
        JsonElement? address = null;
        if (o.Shipping.AddressJson is { } json)
        {
            using var doc = JsonDocument.Parse(json);
            address = doc.RootElement.Clone();
        }

        return new Order
        {
            Id = o.Id,
            CustomerId = o.CustomerId,
            OrderNumber = o.OrderNumber,
            Status = o.Status,
            NextStatuses = OrderLifecycle.AllowedAfter(o.Status),
            PaymentStatus = o.PaymentStatus,
            Currency = o.Currency,
            SubtotalAmount = o.SubtotalAmount,
            TaxAmount = o.TaxAmount,
            ShippingAmount = o.ShippingAmount,
            DiscountAmount = o.DiscountAmount,
            DutiesAmount = o.DutiesAmount,
            TipAmount = o.TipAmount,
            TotalAmount = o.TotalAmount,
            TotalsFromSource = o.TotalsFromSource,
            RefundedAmount = o.RefundedAmount,
            TotalAmountUsd = o.TotalAmountUsd,
            RefundedAmountUsd = o.UsdPending ? null : o.RefundedAmountUsd,
            UsdPending = o.UsdPending,
            FxRateDate = o.FxRateDate,
            ShippingCountry = o.Shipping.Country,
            ShippingAddress = address,
            Carrier = o.Shipping.Carrier,
            TrackingNumber = o.Shipping.TrackingNumber,
            TrackingUrl = o.Shipping.TrackingUrl,
            Source = o.Source,
            Notes = o.Notes,
            Items = o.Items.Select(i => new OrderItemDocument(i.Id, i.ProductId, i.ProductName, i.Sku, i.Quantity, i.UnitPrice, i.TotalPrice)).ToList(),
            Refunds = o.Refunds.Select(r => new RefundDocument(r.Id, r.Amount, o.UsdPending ? null : r.AmountUsd, r.Reason, r.IsReturn, r.CreatedAt)).ToList(),
            OrderedAt = o.OrderedAt,
            ShippedAt = o.ShippedAt,
            DeliveredAt = o.DeliveredAt,
            CancelledAt = o.CancelledAt,
            CreatedAt = o.CreatedAt,
            UpdatedAt = o.UpdatedAt,
            Version = o.Version,
        };
    }
}

public sealed record OrderItemDocument(Guid Id, string ProductId, string ProductName, string? Sku, int Quantity, decimal UnitPrice, decimal TotalPrice);

public sealed record RefundDocument(Guid Id, decimal Amount, decimal? AmountUsd, string? Reason, bool IsReturn, DateTimeOffset CreatedAt);
