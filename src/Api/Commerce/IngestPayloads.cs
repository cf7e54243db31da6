using SimpleCrm.Contracts.Commerce;
using SimpleCrm.Contracts.Orders;

namespace SimpleCrm.Api.Commerce;

/// <summary>Items of the ingestion API, as stored in the inbox, as the CRM's source records (checked when they were received).</summary>
public static class IngestPayloads
{
    public static readonly IReadOnlyList<string> Statuses = ["pending", "processing", "shipped", "delivered", "cancelled", "refunded"];

    public static readonly IReadOnlyList<string> PaymentStatuses = ["pending", "authorized", "paid", "partially_refunded", "refunded", "voided", "failed"];

    public static OrderStatus? Status(string value) => Enum.TryParse<OrderStatus>(value.Replace("_", ""), ignoreCase: true, out var s) && Statuses.Contains(value) ? s : null;

    public static PaymentStatus? Payment(string value) =>
        Enum.TryParse<PaymentStatus>(value.Replace("_", ""), ignoreCase: true, out var s) && PaymentStatuses.Contains(value) ? s : null;

    public static SourceCustomer Customer(IngestCustomer c, Guid shopId, string sourceKey) => new()
    {
        ShopId = shopId,
        SourceKey = sourceKey,
        ExternalId = Required(c.ExternalId, "external_id").Trim(),
        SourceUpdatedAt = c.UpdatedAt,
        Email = Required(c.Email, "email").Trim(),
        FirstName = c.FirstName,
        LastName = c.LastName,
        Phone = c.Phone,
        CompanyName = c.CompanyName,
        CountryCode = c.CountryCode,
        Region = c.Region,
        City = c.City,
        PostalCode = c.PostalCode,
        Currency = c.Currency,
        Language = c.Language,
    };

    /// <summary>The order's buyer: by the source's customer id, or (a guest) by email.</summary>
    public static SourceCustomer Buyer(IngestOrder o, Guid shopId, string sourceKey)
    {
        var buyer = o.Customer ?? throw new SourceDataException("customer is missing.");
        var email = Required(buyer.Email, "customer.email").Trim();
        return new SourceCustomer
        {
            ShopId = shopId,
            SourceKey = sourceKey,
            ExternalId = buyer.ExternalId?.Trim() ?? ShopifyPayloads.GuestPrefix + email.ToLowerInvariant(),
            Email = email,
            FirstName = buyer.FirstName,
            LastName = buyer.LastName,
            CountryCode = buyer.CountryCode,
            Currency = o.Currency,
        };
    }

    public static SourceOrder Order(IngestOrder o, Guid shopId, string sourceKey)
    {
        var id = Required(o.ExternalId, "external_id").Trim();
        var status = o.Status is { } s ? Status(s) ?? OrderStatus.Pending : OrderStatus.Pending;
        return new SourceOrder
        {
            Platform = sourceKey,
            ShopId = shopId,
            SourceKey = sourceKey,
            ExternalId = id,
            SourceUpdatedAt = o.UpdatedAt,
            CustomerId = Guid.Empty,
            OrderNumber = o.OrderNumber is { Length: > 0 } number ? number : id[..Math.Min(id.Length, 100)],
            Currency = Required(o.Currency, "currency").ToUpperInvariant(),
            Items = (o.Items ?? []).Select((l, n) => new OrderItemDraft(l!.ProductId ?? $"line-{n}", l.Name!, l.Sku, l.Quantity ?? 1, l.UnitPrice ?? 0)).ToList(),
            SubtotalAmount = o.SubtotalAmount ?? o.TotalAmount ?? 0,
            TaxAmount = o.TaxAmount ?? 0,
            ShippingAmount = o.ShippingAmount ?? 0,
            DiscountAmount = o.DiscountAmount ?? 0,
            TotalAmount = o.TotalAmount ?? throw new SourceDataException("total_amount is missing."),
            Status = status,
            PaymentStatus = o.PaymentStatus is { } p ? Payment(p) ?? PaymentStatus.Pending : PaymentStatus.Pending,
            Notes = o.Notes,
            OrderedAt = o.OrderedAt ?? throw new SourceDataException("ordered_at is missing."),
        };
    }

    private static string Required(string? value, string what) => value ?? throw new SourceDataException($"{what} is missing.");
}
