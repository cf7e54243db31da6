using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using SimpleCrm.Contracts.Orders;

namespace SimpleCrm.Api.Orders;

public sealed record OrderItemInput
{
    [Required] public string? ProductId { get; init; }
    [Required] public string? ProductName { get; init; }
    public string? Sku { get; init; }
    [Description("1–100000.")]
    [Range(1, 100_000)]
    [Required] public int? Quantity { get; init; }

    [Description("Price of one unit in the order's currency, with at most the currency's decimal places; at most 10^12, and so is quantity × unit price.")]
    [Range(0, 1e12)]
    [Required] public decimal? UnitPrice { get; init; }

    [Description("Optional: quantity × unit price as the sender computed it (rounded to the currency). When given it must match, else 400 naming items[i].total_price with the expected value.")]
    [Range(0, 1e12)]
    public decimal? TotalPrice { get; init; }
}

/// <summary>The body of POST /orders.</summary>
public sealed record OrderInput
{
    [Required] public Guid? CustomerId { get; init; }

    [Description("Unique in the workspace, e.g. #1001.")]
    [Required] public string? OrderNumber { get; init; }

    [Description("ISO 4217; amounts use its minor units (JPY 0, USD 2, KWD 3).")]
    [Required] public string? Currency { get; init; }

    [Required] public IReadOnlyList<OrderItemInput>? Items { get; init; }
    [Description("0–10^12. The order's total must be at most 10^12 in its currency and 10^9 in USD.")]
    [Range(0, 1e12)]
    public decimal? TaxAmount { get; init; }

    [Range(0, 1e12)]
    public decimal? ShippingAmount { get; init; }

    [Range(0, 1e12)]
    public decimal? DiscountAmount { get; init; }

    [Description("Customs duties and import taxes charged to the buyer.")]
    [Range(0, 1e12)]
    public decimal? DutiesAmount { get; init; }

    [Description("Tips (gratuity) paid with the order.")]
    [Range(0, 1e12)]
    public decimal? TipAmount { get; init; }

    [Description("Optional: the sum of the items' totals. When given it must match, else 400 naming subtotal_amount with the expected value.")]
    [Range(0, 1e12)]
    public decimal? SubtotalAmount { get; init; }

    [Description("Optional: subtotal + tax + shipping + duties + tips − discount. When given it must match, else 400 naming total_amount with the expected value.")]
    [Range(0, 1e12)]
    public decimal? TotalAmount { get; init; }

    [Description("Default pending. Imports may bring processing, shipped, delivered or cancelled orders.")]
    public OrderStatus? Status { get; init; }
    public PaymentStatus? PaymentStatus { get; init; }
    public string? ShippingCountry { get; init; }
    public JsonElement? ShippingAddress { get; init; }
    public string? Carrier { get; init; }
    public string? TrackingNumber { get; init; }
    public string? TrackingUrl { get; init; }

    [Description("website, marketplace, app, shopify, woocommerce… Default website.")]
    public string? Source { get; init; }
    public string? Notes { get; init; }

    [Description("When the order was placed; default now. Its date selects the exchange rate. From 1970-01-01, not in the future.")]
    public DateTimeOffset? OrderedAt { get; init; }

    [Description("For a shipped or delivered order: when it shipped (default ordered_at).")]
    public DateTimeOffset? ShippedAt { get; init; }

    [Description("For a delivered order: when it arrived (default ordered_at).")]
    public DateTimeOffset? DeliveredAt { get; init; }

    public OrderDraft ToDraft() => new()
    {
        CustomerId = CustomerId ?? Guid.Empty,
        OrderNumber = OrderNumber ?? string.Empty,
        Currency = Currency ?? string.Empty,
        Items = (Items ?? []).Select(i => new OrderItemDraft(i.ProductId ?? "", i.ProductName ?? "", i.Sku, i.Quantity ?? 0, i.UnitPrice ?? -1, i.TotalPrice)).ToArray(),
        TaxAmount = TaxAmount ?? 0,
        ShippingAmount = ShippingAmount ?? 0,
        DiscountAmount = DiscountAmount ?? 0,
        DutiesAmount = DutiesAmount ?? 0,
        TipAmount = TipAmount ?? 0,
        SubtotalAmount = SubtotalAmount,
        TotalAmount = TotalAmount,
        Status = Status ?? OrderStatus.Pending,
        PaymentStatus = PaymentStatus ?? SimpleCrm.Contracts.Orders.PaymentStatus.Pending,
        Shipping = ShippingInput.ToInfo(ShippingCountry, ShippingAddress, Carrier, TrackingNumber, TrackingUrl),
        Source = Source ?? "website",
        Notes = Notes,
        OrderedAt = OrderedAt,
        ShippedAt = ShippedAt,
        DeliveredAt = DeliveredAt,
    };
}

/// <summary>The body of PUT and PATCH /orders/{id}: status, shipping, tracking, payment status and notes. Absent fields stay as they are.</summary>
public sealed record OrderUpdateInput
{
    [Description("Moves the order through its lifecycle, as POST /orders/{id}/status does; an illegal move is 409 naming status. The current status is no move.")]
    public OrderStatus? Status { get; init; }

    [Description("An order's total does not change once placed: when given it must equal the stored total_amount (400 otherwise). Record a refund to lower it.")]
    public decimal? TotalAmount { get; init; }

    public PaymentStatus? PaymentStatus { get; init; }
    public string? ShippingCountry { get; init; }
    public JsonElement? ShippingAddress { get; init; }
    public string? Carrier { get; init; }
    public string? TrackingNumber { get; init; }
    public string? TrackingUrl { get; init; }
    public string? Notes { get; init; }

    public OrderChanges ToChanges(ShippingInfo current)
    {
        var touchesShipping = ShippingCountry is not null || ShippingAddress is not null || Carrier is not null || TrackingNumber is not null || TrackingUrl is not null;
        return new OrderChanges
        {
            Status = Status,
            PaymentStatus = PaymentStatus,
            Notes = Notes,
            Shipping = touchesShipping
                ? ShippingInput.ToInfo(ShippingCountry ?? current.Country, ShippingAddress, Carrier ?? current.Carrier, TrackingNumber ?? current.TrackingNumber, TrackingUrl ?? current.TrackingUrl)
                    with { AddressJson = ShippingAddress is null ? current.AddressJson : ShippingInput.Json(ShippingAddress) }
                : null,
        };
    }
}

public sealed record StatusChangeInput
{
    [Required] public OrderStatus? Status { get; init; }
}

public sealed record RefundInput
{
    [Description("In the order's currency; at most what is left to refund.")]
    [Required] public decimal? Amount { get; init; }
    public string? Reason { get; init; }

    [Description("True when goods came back (a return), false for a refund only.")]
    public bool? IsReturn { get; init; }
}

internal static class ShippingInput
{
    public static ShippingInfo ToInfo(string? country, JsonElement? address, string? carrier, string? trackingNumber, string? trackingUrl) => new()
    {
        Country = country,
        AddressJson = Json(address),
        Carrier = carrier,
        TrackingNumber = trackingNumber,
        TrackingUrl = trackingUrl,
    };

    public static string? Json(JsonElement? element) =>
        element is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } e ? e.GetRawText() : null;
}
