using System.Text.Json;
using SimpleCrm.Contracts.Commerce;
using SimpleCrm.Contracts.Orders;

namespace SimpleCrm.Api.Commerce;

/// <summary>Shopify webhook bodies (Admin API 2026-04 shapes) as the CRM's records.</summary>
public static class ShopifyPayloads
{
    /// <summary>The entity a topic's body is about, so its events apply in order: "order:820982911946154500".</summary>
    public static string EntityKey(string topic, JsonElement body) => topic switch
    {
        "refunds/create" => $"order:{body.Id("order_id")}",
        "orders/edited" => $"order:{body.Child("order_edit")?.Id("order_id")}",
        _ when topic.StartsWith("orders/", StringComparison.Ordinal) => $"order:{body.Id("id")}",
        _ when topic.StartsWith("products/", StringComparison.Ordinal) => $"product:{body.Id("id")}",
        "customers/data_request" or "customers/redact" => $"customer:{body.Child("customer")?.Id("id")}",
        _ when topic.StartsWith("customers/", StringComparison.Ordinal) => $"customer:{body.Id("id")}",
        _ => "shop",
    };

    public static SourceCustomer Customer(JsonElement c, Guid shopId, string sourceKey, DateTimeOffset? fallbackTime)
    {
        var address = c.Child("default_address") ?? c.Items("addresses").Select(a => (JsonElement?)a).FirstOrDefault();
        return new SourceCustomer
        {
            ShopId = shopId,
            SourceKey = sourceKey,
            ExternalId = c.Id("id") ?? throw new SourceDataException("customer.id is missing."),
            SourceUpdatedAt = c.Time("updated_at") ?? fallbackTime,
            Email = c.Text("email") ?? throw new SourceDataException($"Customer {c.Id("id")} has no email; the CRM needs one."),
            FirstName = c.Text("first_name") ?? address?.Text("first_name"),
            LastName = c.Text("last_name") ?? address?.Text("last_name"),
            Phone = c.Text("phone") ?? address?.Text("phone"),
            CompanyName = address?.Text("company"),
            CountryCode = address?.Text("country_code"),
            Region = address?.Text("province"),
            City = address?.Text("city"),
            PostalCode = address?.Text("zip"),
            Currency = c.Text("currency"),
            Language = c.Text("locale"),
        };
    }

    /// <summary>The order's buyer: its customer record, or for a guest checkout the email the order carries.</summary>
    public static SourceCustomer Buyer(JsonElement order, Guid shopId, string sourceKey)
    {
        if (order.Child("customer") is { } c && c.Id("id") is not null && c.Text("email") is not null)
        {
            var buyer = Customer(c, shopId, sourceKey, null);
            return buyer with { SourceUpdatedAt = null, Currency = buyer.Currency ?? order.Text("currency"), CountryCode = buyer.CountryCode ?? Country(order) };
        }

        var email = order.Text("email") ?? order.Text("contact_email") ?? order.Child("customer")?.Text("email")
            ?? throw new SourceDataException($"Order {order.Id("id")} has neither a customer nor an email; the CRM needs one.");
        var address = order.Child("billing_address") ?? order.Child("shipping_address");
        return Guest(shopId, sourceKey, email) with
        {
            FirstName = address?.Text("first_name"),
            LastName = address?.Text("last_name"),
            CountryCode = Country(order),
            City = address?.Text("city"),
            PostalCode = address?.Text("zip"),
            Currency = order.Text("currency"),
        };
    }

    public static SourceOrder Order(JsonElement o, Guid shopId, string sourceKey, DateTimeOffset? triggeredAt)
    {
        var id = o.Id("id") ?? throw new SourceDataException("order.id is missing.");
        var currency = o.Text("currency") ?? throw new SourceDataException($"Order {id} has no currency.");
        var (presentmentTotal, presentmentCurrency) = o.MoneySet("total_price_set", "presentment_money");
        var fulfillment = o.Items("fulfillments").Select(f => (JsonElement?)f).LastOrDefault();
        var shipping = o.Child("shipping_address");
        return new SourceOrder
        {
            Platform = "shopify",
            ShopId = shopId,
            SourceKey = sourceKey,
            ExternalId = id,
            SourceUpdatedAt = o.Time("updated_at") ?? triggeredAt,
            CustomerId = Guid.Empty,
            OrderNumber = o.Text("name") ?? o.Text("order_number") ?? id,
            Currency = currency.ToUpperInvariant(),
            Items = o.Items("line_items").Where(l => l.Int("quantity") > 0).Select(l => new OrderItemDraft(
                l.Id("product_id") ?? $"line-{l.Id("id")}", l.Text("name") ?? l.Text("title") ?? "Item", l.Text("sku"), l.Int("quantity"), Math.Max(0, l.Money("price")))).ToList(),
            SubtotalAmount = o.Money("subtotal_price"),
            TaxAmount = o.Money("total_tax"),
            ShippingAmount = o.MoneySet("total_shipping_price_set", "shop_money").Amount ?? 0,
            DiscountAmount = o.Money("total_discounts"),
            TotalAmount = o.MoneyOrNull("total_price") ?? throw new SourceDataException($"Order {id} has no total_price."),
            Status = Status(o),
            PaymentStatus = Payment(o.Text("financial_status")),
            Shipping = new ShippingInfo
            {
                Country = shipping?.Text("country_code")?.ToUpperInvariant(),
                AddressJson = shipping is { } s ? Address(s) : null,
                Carrier = fulfillment?.Text("tracking_company"),
                TrackingNumber = fulfillment?.Text("tracking_number"),
                TrackingUrl = fulfillment?.Text("tracking_url"),
            },
            Notes = o.Text("note"),
            OrderedAt = o.Time("processed_at") ?? o.Time("created_at") ?? triggeredAt ?? DateTimeOffset.UtcNow,
            Refunds = o.Items("refunds").Select(Refund).Where(r => r.Amount > 0).ToList(),
            PresentmentCurrency = presentmentCurrency ?? o.Text("presentment_currency"),
            PresentmentTotal = presentmentTotal,
        };
    }

    /// <summary>A refund's amount is what its successful refund transactions returned.</summary>
    public static SourceRefund Refund(JsonElement r) => new(
        r.Id("id") ?? throw new SourceDataException("refund.id is missing."),
        r.Items("transactions").Where(t => t.Text("kind") == "refund" && t.Text("status") is null or "success").Sum(t => t.Money("amount")),
        r.Text("note"),
        r.Time("created_at") ?? r.Time("processed_at") ?? DateTimeOffset.UtcNow);

    /// <summary>Shopify has no single status: cancelled, refunded, fulfilled and paid say where the order is.</summary>
    private static OrderStatus Status(JsonElement o) =>
        o.Text("cancelled_at") is not null ? OrderStatus.Cancelled
        : o.Text("financial_status") == "refunded" ? OrderStatus.Refunded
        : o.Text("fulfillment_status") == "fulfilled" ? OrderStatus.Shipped
        : o.Text("fulfillment_status") == "partial" || o.Text("financial_status") is "paid" or "partially_paid" or "partially_refunded" ? OrderStatus.Processing
        : OrderStatus.Pending;

    private static PaymentStatus Payment(string? financialStatus) => financialStatus switch
    {
        "authorized" => PaymentStatus.Authorized,
        "paid" or "partially_paid" => PaymentStatus.Paid,
        "partially_refunded" => PaymentStatus.PartiallyRefunded,
        "refunded" => PaymentStatus.Refunded,
        "voided" => PaymentStatus.Voided,
        "expired" => PaymentStatus.Failed,
        _ => PaymentStatus.Pending,
    };

    private static string? Country(JsonElement o) =>
        o.Child("billing_address")?.Text("country_code") ?? o.Child("shipping_address")?.Text("country_code");

    private static string Address(JsonElement a) => JsonSerializer.Serialize(new
    {
        name = a.Text("name"),
        company = a.Text("company"),
        line1 = a.Text("address1"),
        line2 = a.Text("address2"),
        city = a.Text("city"),
        region = a.Text("province"),
        postal_code = a.Text("zip"),
        country = a.Text("country_code"),
        phone = a.Text("phone"),
    });

    public static SourceCustomer Guest(Guid shopId, string sourceKey, string email) => new()
    {
        ShopId = shopId,
        SourceKey = sourceKey,
        ExternalId = GuestPrefix + email.Trim().ToLowerInvariant(),
        Email = email.Trim(),
    };

    /// <summary>Buyers without a customer record in the shop are known by email; such ids are not written to the customer.</summary>
    public const string GuestPrefix = "guest:";
}

/// <summary>A payload the CRM cannot use (no email, no id): the event fails with this message and ends as a dead letter.</summary>
public sealed class SourceDataException(string message) : Exception(message);
