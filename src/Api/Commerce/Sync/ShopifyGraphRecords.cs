using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleCrm.Data.Commerce;

namespace SimpleCrm.Api.Commerce.Sync;

/// <summary>
/// Shopify's GraphQL records in the webhook (REST) shape the applier reads, so backfilled orders and customers take
/// exactly the path webhooks take. Ids are kept as the 64-bit integers at the end of the GraphQL ids, never doubles.
/// </summary>
public static class ShopifyGraphRecords
{
    public const string CustomerFields = """
        id email firstName lastName phone locale updatedAt
        defaultAddress { company address1 address2 city province zip countryCodeV2 phone }
        """;

    public const string OrderFields = """
        id name email note createdAt updatedAt processedAt cancelledAt currencyCode presentmentCurrencyCode
        displayFinancialStatus displayFulfillmentStatus
        totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
        subtotalPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } } totalDiscountsSet { shopMoney { amount } }
        totalShippingPriceSet { shopMoney { amount currencyCode } }
        customer { id email firstName lastName phone }
        shippingAddress { name company address1 address2 city province zip countryCodeV2 phone }
        """;

    public const string LineItemFields = "id name sku quantity product { id } originalUnitPriceSet { shopMoney { amount } }";

    /// <summary>"gid://shopify/Order/820982911946154508" → 820982911946154508.</summary>
    public static long? NumericId(string? gid) =>
        gid is not null && long.TryParse(gid[(gid.LastIndexOf('/') + 1)..].Split('?')[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    public static string? Kind(string? gid) => gid?.Split('/') is { Length: 5 } parts ? parts[3] : null;

    public static SyncRecord Customer(JsonElement c)
    {
        var id = NumericId(c.Text("id")) ?? throw new ShopApiException("A customer without an id came from the shop.");
        var address = c.Child("defaultAddress");
        var body = new JsonObject
        {
            ["id"] = id,
            ["email"] = c.Text("email"),
            ["first_name"] = c.Text("firstName"),
            ["last_name"] = c.Text("lastName"),
            ["phone"] = c.Text("phone"),
            ["locale"] = c.Text("locale"),
            ["updated_at"] = c.Text("updatedAt"),
            ["default_address"] = address is { } a ? Address(a) : null,
        };
        return Record("customers/update", $"customer:{id}", c.Time("updatedAt"), body);
    }

    public static SyncRecord Order(JsonElement o, IEnumerable<JsonElement> lineItems)
    {
        var id = NumericId(o.Text("id")) ?? throw new ShopApiException("An order without an id came from the shop.");
        var fulfillment = o.Text("displayFulfillmentStatus") switch
        {
            "FULFILLED" => "fulfilled",
            "PARTIALLY_FULFILLED" => "partial",
            _ => null,
        };
        var customer = o.Child("customer");
        var shipping = o.Child("shippingAddress");
        var body = new JsonObject
        {
            ["id"] = id,
            ["name"] = o.Text("name"),
            ["email"] = o.Text("email"),
            ["note"] = o.Text("note"),
            ["created_at"] = o.Text("createdAt"),
            ["updated_at"] = o.Text("updatedAt"),
            ["processed_at"] = o.Text("processedAt"),
            ["cancelled_at"] = o.Text("cancelledAt"),
            ["currency"] = o.Text("currencyCode"),
            ["presentment_currency"] = o.Text("presentmentCurrencyCode"),
            ["financial_status"] = o.Text("displayFinancialStatus")?.ToLowerInvariant(),
            ["fulfillment_status"] = fulfillment,
            ["total_price"] = ShopAmount(o, "totalPriceSet"),
            ["subtotal_price"] = ShopAmount(o, "subtotalPriceSet"),
            ["total_tax"] = ShopAmount(o, "totalTaxSet"),
            ["total_discounts"] = ShopAmount(o, "totalDiscountsSet"),
            ["total_price_set"] = MoneySet(o.Child("totalPriceSet")),
            ["total_shipping_price_set"] = MoneySet(o.Child("totalShippingPriceSet")),
            ["customer"] = customer is { } c && NumericId(c.Text("id")) is { } customerId ? new JsonObject
            {
                ["id"] = customerId,
                ["email"] = c.Text("email"),
                ["first_name"] = c.Text("firstName"),
                ["last_name"] = c.Text("lastName"),
                ["phone"] = c.Text("phone"),
            } : null,
            ["shipping_address"] = shipping is { } s ? Address(s) : null,
            ["line_items"] = new JsonArray(lineItems.Select(l => (JsonNode)new JsonObject
            {
                ["id"] = NumericId(l.Text("id")),
                ["product_id"] = NumericId(l.Child("product")?.Text("id")),
                ["name"] = l.Text("name"),
                ["sku"] = l.Text("sku"),
                ["quantity"] = l.Int("quantity"),
                ["price"] = l.Child("originalUnitPriceSet")?.Child("shopMoney")?.Text("amount"),
            }).ToArray()),
        };
        return Record("orders/updated", $"order:{id}", o.Time("updatedAt"), body);
    }

    private static SyncRecord Record(string topic, string entityKey, DateTimeOffset? updatedAt, JsonObject body) =>
        new(topic, entityKey, updatedAt, JsonSerializer.SerializeToUtf8Bytes(body));

    private static string? ShopAmount(JsonElement o, string set) => o.Child(set)?.Child("shopMoney")?.Text("amount");

    private static JsonObject? MoneySet(JsonElement? set) => set is not { } s ? null : new JsonObject
    {
        ["shop_money"] = Money(s.Child("shopMoney")),
        ["presentment_money"] = Money(s.Child("presentmentMoney")),
    };

    private static JsonObject? Money(JsonElement? money) => money is not { } m ? null : new JsonObject
    {
        ["amount"] = m.Text("amount"),
        ["currency_code"] = m.Text("currencyCode"),
    };

    private static JsonObject Address(JsonElement a) => new()
    {
        ["name"] = a.Text("name"),
        ["company"] = a.Text("company"),
        ["address1"] = a.Text("address1"),
        ["address2"] = a.Text("address2"),
        ["city"] = a.Text("city"),
        ["province"] = a.Text("province"),
        ["zip"] = a.Text("zip"),
        ["country_code"] = a.Text("countryCodeV2"),
        ["phone"] = a.Text("phone"),
    };
}
