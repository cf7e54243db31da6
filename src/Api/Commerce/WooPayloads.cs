using System.Text.Json;
using SimpleCrm.Contracts.Commerce;
using SimpleCrm.Contracts.Orders;

namespace SimpleCrm.Api.Commerce;

/// <summary>WooCommerce webhook bodies (a webhook body is the REST v3 object) as the CRM's records.</summary>
public static class WooPayloads
{
    /// <summary>"order.updated" → "order:727".</summary>
    public static string EntityKey(string topic, JsonElement body) => $"{topic.Split('.')[0]}:{body.Id("id")}";

    /// <summary>Woo's "_gmt" times carry no offset: they are UTC.</summary>
    public static DateTimeOffset? Modified(JsonElement body) => body.Time("date_modified_gmt") ?? body.Time("date_created_gmt");

    public static SourceCustomer Customer(JsonElement c, Guid shopId, string sourceKey)
    {
        var billing = c.Child("billing");
        return new SourceCustomer
        {
            ShopId = shopId,
            SourceKey = sourceKey,
            ExternalId = c.Id("id") ?? throw new SourceDataException("customer.id is missing."),
            SourceUpdatedAt = Modified(c),
            Email = c.Text("email") ?? billing?.Text("email") ?? throw new SourceDataException($"Customer {c.Id("id")} has no email; the CRM needs one."),
            FirstName = c.Text("first_name") ?? billing?.Text("first_name"),
            LastName = c.Text("last_name") ?? billing?.Text("last_name"),
            Phone = billing?.Text("phone"),
            CompanyName = billing?.Text("company"),
            CountryCode = billing?.Text("country"),
            Region = billing?.Text("state"),
            City = billing?.Text("city"),
            PostalCode = billing?.Text("postcode"),
        };
    }

    /// <summary>The order's customer: a registered one (customer_id), or the guest named by the billing email.</summary>
    public static SourceCustomer Buyer(JsonElement order, Guid shopId, string sourceKey)
    {
        var billing = order.Child("billing");
        var email = billing?.Text("email") ?? throw new SourceDataException($"Order {order.Id("id")} has no billing email; the CRM needs one.");
        var buyer = new SourceCustomer
        {
            ShopId = shopId,
            SourceKey = sourceKey,
            ExternalId = order.Id("customer_id") ?? ShopifyPayloads.GuestPrefix + email.Trim().ToLowerInvariant(),
            Email = email.Trim(),
            FirstName = billing?.Text("first_name"),
            LastName = billing?.Text("last_name"),
            Phone = billing?.Text("phone"),
            CompanyName = billing?.Text("company"),
            CountryCode = billing?.Text("country"),
            Region = billing?.Text("state"),
            City = billing?.Text("city"),
            PostalCode = billing?.Text("postcode"),
            Currency = order.Text("currency"),
        };
        return buyer;
    }

    public static SourceOrder Order(JsonElement o, Guid shopId, string sourceKey)
    {
        var id = o.Id("id") ?? throw new SourceDataException("order.id is missing.");
        var status = o.Text("status");
        var shipping = o.Child("shipping");
        var items = o.Items("line_items").Where(l => l.Int("quantity") > 0).ToList();
        return new SourceOrder
        {
            Platform = "woocommerce",
            ShopId = shopId,
            SourceKey = sourceKey,
            ExternalId = id,
            SourceUpdatedAt = Modified(o),
            CustomerId = Guid.Empty,
            OrderNumber = o.Text("number") ?? id,
            Currency = (o.Text("currency") ?? throw new SourceDataException($"Order {id} has no currency.")).ToUpperInvariant(),
            Items = items.Select(l => new OrderItemDraft(
                l.Id("product_id") ?? $"line-{l.Id("id")}", l.Text("name") ?? "Item", l.Text("sku"), l.Int("quantity"),
                Math.Max(0, l.MoneyOrNull("price") ?? l.Money("subtotal") / l.Int("quantity")))).ToList(),
            SubtotalAmount = items.Sum(l => l.Money("subtotal")),
            TaxAmount = o.Money("total_tax"),
            ShippingAmount = o.Money("shipping_total"),
            DiscountAmount = o.Money("discount_total"),
            TotalAmount = o.MoneyOrNull("total") ?? throw new SourceDataException($"Order {id} has no total."),
            Status = status switch
            {
                "processing" => OrderStatus.Processing,
                "completed" => OrderStatus.Delivered,
                "cancelled" or "failed" => OrderStatus.Cancelled,
                "refunded" => OrderStatus.Refunded,
                _ => OrderStatus.Pending, // pending, on-hold, checkout-draft
            },
            PaymentStatus = status switch
            {
                "refunded" => PaymentStatus.Refunded,
                "failed" => PaymentStatus.Failed,
                "cancelled" => PaymentStatus.Voided,
                _ when o.Text("date_paid_gmt") is not null => PaymentStatus.Paid,
                _ => PaymentStatus.Pending,
            },
            Shipping = new ShippingInfo
            {
                Country = shipping?.Text("country")?.ToUpperInvariant(),
                AddressJson = shipping is { } s && s.Text("address_1") is not null ? Address(s) : null,
            },
            Notes = o.Text("customer_note"),
            OrderedAt = o.Time("date_created_gmt") ?? DateTimeOffset.UtcNow,
            // Woo lists refunds with negative totals ("-5.00").
            Refunds = o.Items("refunds").Select(r => new SourceRefund(r.Id("id") ?? "", Math.Abs(r.Money("total")), r.Text("reason"), Modified(o) ?? DateTimeOffset.UtcNow))
                .Where(r => r.ExternalId.Length > 0 && r.Amount > 0).ToList(),
        };
    }

    private static string Address(JsonElement a) => JsonSerializer.Serialize(new
    {
        name = string.Join(' ', new[] { a.Text("first_name"), a.Text("last_name") }.Where(n => n is not null)),
        company = a.Text("company"),
        line1 = a.Text("address_1"),
        line2 = a.Text("address_2"),
        city = a.Text("city"),
        region = a.Text("state"),
        postal_code = a.Text("postcode"),
        country = a.Text("country"),
    });
}
