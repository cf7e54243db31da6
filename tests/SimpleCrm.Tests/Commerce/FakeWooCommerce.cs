using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Commerce;

/// <summary>
/// A fake WooCommerce site on a loopback port (Kestrel): wc/v3 customers, products and orders with page/per_page,
/// X-WP-Total and X-WP-TotalPages, Basic auth by consumer key and secret, and one 429 with Retry-After on the second
/// page of orders. The site URL is {address}/{site}.
/// </summary>
public sealed class FakeWooCommerce : IAsyncDisposable
{
    public const string ConsumerKey = "ck_fake";
    public const string ConsumerSecret = "cs_fake";

    private LoopbackServer server = null!;

    public Uri Address => server.Address;

    public Dictionary<string, List<JsonObject>> Resources { get; } = new() { ["customers"] = [], ["products"] = [], ["orders"] = [] };

    public int TooManyRequests;

    public int Unauthorized;

    private int orderPageTwo;

    public static async Task<FakeWooCommerce> StartAsync()
    {
        var fake = new FakeWooCommerce();
        fake.server = await LoopbackServer.StartAsync(app => app.MapGet("/{site}/wp-json/wc/v3/{resource}", fake.ListAsync));
        return fake;
    }

    public void Fill(string prefix, int customers, int products, int orders, DateTimeOffset modified)
    {
        for (var i = 0; i < customers; i++)
        {
            var c = JsonNode.Parse(CommerceKit.Fixture("woocommerce-customer-created.json"))!.AsObject();
            c["id"] = 5000 + i;
            c["email"] = $"woo{i}@{prefix}.example.com";
            c["username"] = $"woo{i}";
            c["date_modified_gmt"] = modified.AddSeconds(i).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
            Resources["customers"].Add(c);
        }

        for (var i = 0; i < products; i++)
        {
            Resources["products"].Add(new JsonObject
            {
                ["id"] = 800 + i,
                ["name"] = $"Product {i}",
                ["price"] = "12.50",
                ["date_modified_gmt"] = modified.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
            });
        }

        for (var i = 0; i < orders; i++)
        {
            var o = JsonNode.Parse(CommerceKit.Fixture("woocommerce-order-created.json"))!.AsObject();
            o["id"] = 9000 + i;
            o["number"] = $"{prefix}-{i}";
            o["customer_id"] = 5000 + (i % Math.Max(1, customers));
            o["billing"]!["email"] = $"woo{i % Math.Max(1, customers)}@{prefix}.example.com";
            o["date_modified_gmt"] = modified.AddSeconds(i).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
            Resources["orders"].Add(o);
        }
    }

    private async Task ListAsync(HttpContext http, string site, string resource)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ConsumerKey}:{ConsumerSecret}"));
        if (http.Request.Headers.Authorization.ToString() != expected)
        {
            Interlocked.Increment(ref Unauthorized);
            http.Response.StatusCode = 401;
            await http.Response.WriteAsJsonAsync(new JsonObject { ["code"] = "woocommerce_rest_cannot_view", ["message"] = "Sorry, you cannot list resources." });
            return;
        }

        var page = int.Parse(http.Request.Query["page"].FirstOrDefault() ?? "1", CultureInfo.InvariantCulture);
        var perPage = int.Parse(http.Request.Query["per_page"].FirstOrDefault() ?? "10", CultureInfo.InvariantCulture);
        if (resource == "orders" && page == 2 && Interlocked.Increment(ref orderPageTwo) == 1)
        {
            Interlocked.Increment(ref TooManyRequests);
            http.Response.StatusCode = 429;
            http.Response.Headers.RetryAfter = "1";
            return;
        }

        var all = Resources[resource];
        if (http.Request.Query["modified_after"].FirstOrDefault() is { } after)
        {
            var since = DateTime.Parse(after, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            all = all.Where(r => DateTime.Parse(r["date_modified_gmt"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal) > since).ToList();
        }

        http.Response.Headers["X-WP-Total"] = all.Count.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["X-WP-TotalPages"] = ((all.Count + perPage - 1) / perPage).ToString(CultureInfo.InvariantCulture);
        await http.Response.WriteAsJsonAsync(new JsonArray(all.Skip((page - 1) * perPage).Take(perPage).Select(r => (JsonNode)r.DeepClone()).ToArray()));
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
