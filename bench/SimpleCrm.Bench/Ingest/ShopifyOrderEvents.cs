using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace SimpleCrm.Bench.Ingest;

/// <summary>One signed webhook delivery, ready to send: the raw body and the headers Shopify sends with it.</summary>
public sealed record SignedEvent(long OrderId, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers);

/// <summary>
/// Shopify orders/create deliveries shaped like the published sample (copied unchanged next to this file): every
/// event a new order with a 64-bit id above 2^53, bought by a customer drawn at random from a pool (so customers
/// repeat, as on a real shop), in one of several currencies with shop and presentment money, signed with the
/// shop's secret as Shopify signs (base64 HMAC-SHA256 of the raw body).
/// </summary>
public sealed class ShopifyOrderEvents(string shopDomain, string secret, int customerPool, int seed)
{
    private static readonly (string Currency, decimal PerUsd)[] Currencies =
    [
        ("USD", 1m), ("EUR", 0.92m), ("GBP", 0.79m), ("JPY", 151m), ("CAD", 1.37m), ("AUD", 1.52m),
        ("CHF", 0.88m), ("SEK", 10.6m), ("PLN", 3.95m), ("BRL", 5.1m),
    ];

    private static readonly string[] FirstNames = ["Anna", "Jürgen", "Łucja", "Søren", "Élodie", "Mateo", "Yuki", "王", "Zoë", "Nikolaj", "Aoife", "José"];
    private static readonly string[] LastNames = ["Müller", "Kowalski", "O'Brien", "Nakamura", "García", "Dubois", "Ørsted", "李", "Silva", "Novák", "Jensen", "Rossi"];

    private readonly JsonObject template = LoadTemplate();
    private readonly Random random = new(seed);
    private readonly byte[] key = Encoding.UTF8.GetBytes(secret);

    /// <summary>Order ids start above 2^53, where a double would lose them.</summary>
    private long nextOrderId = (1L << 53) + ((long)seed * 10_000_000L);

    public SignedEvent Next()
    {
        var order = (JsonObject)template.DeepClone();
        var orderId = Interlocked.Increment(ref nextOrderId);
        var customer = random.Next(customerPool);
        var (currency, perUsd) = Currencies[customer % Currencies.Length];
        var usd = Math.Round((decimal)(random.NextDouble() * 480 + 20), 2);
        var amount = currency == "JPY" ? Math.Round(usd * perUsd, 0) : Math.Round(usd * perUsd, 2);
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

        order["id"] = orderId;
        order["admin_graphql_api_id"] = $"gid://shopify/Order/{orderId}";
        order["order_number"] = orderId % 1_000_000_000;
        order["name"] = $"#B{orderId % 1_000_000_000}";
        order["created_at"] = now;
        order["updated_at"] = now;
        order["processed_at"] = now;
        order["currency"] = currency;
        order["presentment_currency"] = currency;
        foreach (var field in new[] { "total_price", "current_total_price", "subtotal_price", "current_subtotal_price", "total_line_items_price" })
        {
            order[field] = Money(amount);
        }

        foreach (var field in new[] { "total_price_set", "current_total_price_set", "subtotal_price_set", "current_subtotal_price_set", "total_line_items_price_set" })
        {
            order[field] = new JsonObject { ["shop_money"] = MoneySet(amount, currency), ["presentment_money"] = MoneySet(amount, currency) };
        }

        var email = $"buyer{customer}@bench.example.com";
        order["email"] = email;
        order["contact_email"] = email;
        if (order["customer"] is JsonObject buyer)
        {
            buyer["id"] = (1L << 53) + 7_000_000_000L + customer;
            buyer["admin_graphql_api_id"] = $"gid://shopify/Customer/{(1L << 53) + 7_000_000_000L + customer}";
            buyer["email"] = email;
            buyer["first_name"] = FirstNames[customer % FirstNames.Length];
            buyer["last_name"] = LastNames[customer / FirstNames.Length % LastNames.Length];
            buyer["currency"] = currency;
        }

        var body = Encoding.UTF8.GetBytes(order.ToJsonString());
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, body));
        var eventId = Guid.NewGuid().ToString();
        return new SignedEvent(orderId, body,
        [
            new("X-Shopify-Topic", "orders/create"),
            new("X-Shopify-Hmac-Sha256", signature),
            new("X-Shopify-Shop-Domain", shopDomain),
            new("X-Shopify-API-Version", "2026-04"),
            new("X-Shopify-Webhook-Id", Guid.NewGuid().ToString()),
            new("X-Shopify-Event-Id", eventId),
            new("X-Shopify-Triggered-At", now),
        ]);
    }

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static JsonObject MoneySet(decimal amount, string currency) => new() { ["amount"] = Money(amount), ["currency_code"] = currency };

    private static JsonObject LoadTemplate()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Ingest", "shopify-orders-create.json");
        return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }
}
