using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Commerce;

/// <summary>
/// A fake Shopify on a loopback port (Kestrel), enough of the GraphQL Admin API for a sync: counts, bulk operations
/// with a JSONL result (parents followed by their children, as Shopify writes them), updated_at queries paged by
/// cursor, a cost bucket that answers THROTTLED when a client asks faster than it refills, webhook subscriptions and
/// the OAuth code exchange. Shops are addressed as {base}/{shop}/admin/...
/// </summary>
public sealed partial class FakeShopify : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, FakeShop> shops = new();
    private readonly ConcurrentDictionary<string, BulkRun> bulkRuns = new();
    private int bulkCount;

    private LoopbackServer server = null!;

    public Uri Address => server.Address;

    /// <summary>The value for Crm:Shopify:BaseAddress.</summary>
    public string BaseAddress => Address.ToString().TrimEnd('/') + "/{shop}";

    public int Throttled;

    public ConcurrentQueue<string> WebhookTopics { get; } = new();

    /// <summary>Codes the OAuth exchange accepts, with the token each gives.</summary>
    public ConcurrentDictionary<string, string> Codes { get; } = new();

    private TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseDownload() => release.TrySetResult();

    public FakeShop Shop(string domain) => shops.GetOrAdd(domain, d => new FakeShop(d));

    public sealed class FakeShop(string domain)
    {
        public string Domain => domain;

        public List<JsonObject> Customers { get; } = [];

        public List<(JsonObject Order, List<JsonObject> Lines)> Orders { get; } = [];

        /// <summary>A shop that is down: every request's connection is dropped.</summary>
        public bool Down { get; set; }

        /// <summary>
        /// Lines of this shop's next orders JSONL served before it holds until <see cref="FakeShopify.ReleaseDownload"/> (0: no hold).
        /// Per shop: a node over the same database may sync other tests' shops meanwhile, and must not take the hold.
        /// </summary>
        public int HoldOrdersAfterLines { get; set; }

        public double Available { get; set; } = 5;

        public double Maximum { get; set; } = 100;

        public double RestoreRate { get; set; } = 40;

        public DateTimeOffset At { get; set; } = DateTimeOffset.UtcNow;

        /// <summary>Bulk operations started on this shop.</summary>
        public int BulkOperationsStarted;

        /// <summary>Another app on the shop has just spent the shared bucket: the next request finds it empty.</summary>
        public bool SpentByAnotherApp { get; set; }

        public readonly Lock Gate = new();
    }

    private sealed record BulkRun(string Id, string Shop, string Kind, int PollsLeft)
    {
        public int Polls;
    }

    public static async Task<FakeShopify> StartAsync()
    {
        var fake = new FakeShopify();
        fake.server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/{shop}/admin/api/{version}/graphql.json", fake.GraphQlAsync);
            app.MapPost("/{shop}/admin/oauth/access_token", fake.TokenAsync);
            app.MapGet("/bulk/{id}.jsonl", fake.DownloadAsync);
        });
        return fake;
    }

    /// <summary>Adds customers and orders (two lines each, some guests) with ids beyond what a double holds exactly.</summary>
    public static void Fill(FakeShop shop, int customers, int orders, DateTimeOffset updatedAt)
    {
        const long baseId = 9_007_199_254_740_993; // 2^53 + 1
        for (var i = 0; i < customers; i++)
        {
            shop.Customers.Add(new JsonObject
            {
                ["id"] = $"gid://shopify/Customer/{baseId + i}",
                ["email"] = $"buyer{i}@{shop.Domain}",
                ["firstName"] = "Buyer",
                ["lastName"] = $"Number {i}",
                ["updatedAt"] = updatedAt.AddSeconds(i).ToString("O", CultureInfo.InvariantCulture),
                ["defaultAddress"] = new JsonObject { ["countryCodeV2"] = "DE", ["city"] = "Berlin" },
            });
        }

        for (var i = 0; i < orders; i++)
        {
            AddOrder(shop, i, customers, updatedAt.AddSeconds(i));
        }
    }

    /// <summary>Order number <paramref name="i"/>: every fifth a guest's, the others of a customer; returns its name.</summary>
    public static string AddOrder(FakeShop shop, int i, int customers, DateTimeOffset updatedAt)
    {
        const long baseId = 9_007_199_254_740_993;
        var id = baseId + 1_000_000 + i;
        var customer = i % 5 == 4 ? null : new JsonObject { ["id"] = $"gid://shopify/Customer/{baseId + (i % customers)}", ["email"] = $"buyer{i % customers}@{shop.Domain}" };
        var name = $"#{shop.Domain[..6]}-{1000 + i}";
        var order = new JsonObject
        {
            ["id"] = $"gid://shopify/Order/{id}",
            ["name"] = name,
            ["email"] = customer is null ? $"guest{i}@example.com" : $"buyer{i % customers}@{shop.Domain}",
            ["createdAt"] = updatedAt.AddMinutes(-i).ToString("O", CultureInfo.InvariantCulture),
            ["updatedAt"] = updatedAt.ToString("O", CultureInfo.InvariantCulture),
            ["processedAt"] = updatedAt.AddMinutes(-i).ToString("O", CultureInfo.InvariantCulture),
            ["currencyCode"] = "EUR",
            ["presentmentCurrencyCode"] = "EUR",
            ["displayFinancialStatus"] = "PAID",
            ["displayFulfillmentStatus"] = "UNFULFILLED",
            ["totalPriceSet"] = Money(30 + i, "EUR"),
            ["subtotalPriceSet"] = Money(30 + i, "EUR"),
            ["totalTaxSet"] = Money(0, "EUR"),
            ["totalDiscountsSet"] = Money(0, "EUR"),
            ["totalShippingPriceSet"] = Money(0, "EUR"),
            ["customer"] = customer,
        };
        shop.Orders.Add((order, [Line(id, 1, 10, 1), Line(id, 2, 20 + i, 1)]));
        return name;
    }

    private static JsonObject Money(decimal amount, string currency) => new()
    {
        ["shopMoney"] = new JsonObject { ["amount"] = amount.ToString("0.00", CultureInfo.InvariantCulture), ["currencyCode"] = currency },
        ["presentmentMoney"] = new JsonObject { ["amount"] = amount.ToString("0.00", CultureInfo.InvariantCulture), ["currencyCode"] = currency },
    };

    private static JsonObject Line(long orderId, int n, decimal price, int quantity) => new()
    {
        ["id"] = $"gid://shopify/LineItem/{(orderId * 10) + n}",
        ["name"] = $"Item {n}",
        ["sku"] = $"SKU-{n}",
        ["quantity"] = quantity,
        ["product"] = new JsonObject { ["id"] = $"gid://shopify/Product/{700 + n}" },
        ["originalUnitPriceSet"] = new JsonObject { ["shopMoney"] = new JsonObject { ["amount"] = price.ToString("0.00", CultureInfo.InvariantCulture) } },
    };

    private async Task GraphQlAsync(HttpContext http, string shop)
    {
        var state = Shop(shop);
        if (state.Down)
        {
            http.Abort();
            return;
        }

        var body = await JsonNode.ParseAsync(http.Request.Body);
        var query = body?["query"]?.GetValue<string>() ?? "";
        var variables = body?["variables"] as JsonObject ?? [];
        var cost = query.Contains("bulkOperationRunQuery", StringComparison.Ordinal) ? 10
            : query.Contains("node(id:", StringComparison.Ordinal) ? 1
            : query.Contains("Count(", StringComparison.Ordinal) ? 2
            : 50;

        double available;
        lock (state.Gate)
        {
            var now = DateTimeOffset.UtcNow;
            if (state.SpentByAnotherApp)
            {
                (state.SpentByAnotherApp, state.Available, state.At) = (false, 0, now);
            }

            available = Math.Min(state.Maximum, state.Available + (state.RestoreRate * (now - state.At).TotalSeconds));
            state.At = now;
            state.Available = available >= cost ? available - cost : available;
        }

        var extensions = new JsonObject
        {
            ["cost"] = new JsonObject
            {
                ["requestedQueryCost"] = cost,
                ["actualQueryCost"] = available >= cost ? cost : null,
                ["throttleStatus"] = new JsonObject
                {
                    ["maximumAvailable"] = state.Maximum,
                    ["currentlyAvailable"] = Math.Floor(available >= cost ? available - cost : available),
                    ["restoreRate"] = state.RestoreRate,
                },
            },
        };
        if (available < cost)
        {
            Interlocked.Increment(ref Throttled);
            await http.Response.WriteAsJsonAsync(new JsonObject
            {
                ["errors"] = new JsonArray(new JsonObject { ["message"] = "Throttled", ["extensions"] = new JsonObject { ["code"] = "THROTTLED" } }),
                ["extensions"] = extensions,
            });
            return;
        }

        var data = Answer(state, query, variables);
        await http.Response.WriteAsJsonAsync(new JsonObject { ["data"] = data, ["extensions"] = extensions });
    }

    private JsonObject Answer(FakeShop state, string query, JsonObject variables)
    {
        if (query.Contains("bulkOperationRunQuery", StringComparison.Ordinal))
        {
            var inner = variables["query"]!.GetValue<string>();
            var id = $"gid://shopify/BulkOperation/{Interlocked.Increment(ref bulkCount)}";
            Interlocked.Increment(ref state.BulkOperationsStarted);
            bulkRuns[id] = new BulkRun(id, state.Domain, inner.TrimStart('{', ' ').StartsWith("customers", StringComparison.Ordinal) ? "customers" : "orders", 2);
            return new JsonObject { ["bulkOperationRunQuery"] = new JsonObject { ["bulkOperation"] = new JsonObject { ["id"] = id, ["status"] = "CREATED" }, ["userErrors"] = new JsonArray() } };
        }

        if (query.Contains("node(id:", StringComparison.Ordinal))
        {
            var run = bulkRuns[variables["id"]!.GetValue<string>()];
            var completed = Interlocked.Increment(ref run.Polls) > run.PollsLeft;
            return new JsonObject
            {
                ["node"] = new JsonObject
                {
                    ["id"] = run.Id,
                    ["status"] = completed ? "COMPLETED" : "RUNNING",
                    ["url"] = completed ? new Uri(Address, $"/bulk/{Uri.EscapeDataString(run.Id)}.jsonl").ToString() : null,
                },
            };
        }

        var since = variables["q"]?.GetValue<string>() is { } q && SinceFilter().Match(q) is { Success: true } m
            ? DateTimeOffset.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
        if (query.Contains("Count(", StringComparison.Ordinal))
        {
            return new JsonObject
            {
                ["customersCount"] = new JsonObject { ["count"] = state.Customers.Count(c => Newer(c, since)) },
                ["ordersCount"] = new JsonObject { ["count"] = state.Orders.Count(o => Newer(o.Order, since)) },
            };
        }

        if (query.Contains("webhookSubscriptionCreate", StringComparison.Ordinal))
        {
            WebhookTopics.Enqueue(variables["topic"]?.GetValue<string>() ?? "");
            return new JsonObject { ["webhookSubscriptionCreate"] = new JsonObject { ["webhookSubscription"] = new JsonObject { ["id"] = "gid://shopify/WebhookSubscription/1" }, ["userErrors"] = new JsonArray() } };
        }

        // A catch-up page: records changed since the filter, oldest change first, the cursor being an index.
        var customers = query.Contains("customers(", StringComparison.Ordinal);
        var all = customers
            ? state.Customers.Where(c => Newer(c, since)).Select(c => (JsonNode)c.DeepClone()).ToList()
            : state.Orders.Where(o => Newer(o.Order, since)).Select(o => WithLines(o.Order, o.Lines)).ToList();
        all = all.OrderBy(n => n!["updatedAt"]!.GetValue<string>(), StringComparer.Ordinal).ToList();
        var start = variables["cursor"]?.GetValue<string>() is { } cursor ? int.Parse(cursor, CultureInfo.InvariantCulture) : 0;
        var page = all.Skip(start).Take(50).ToList();
        var end = start + page.Count;
        return new JsonObject
        {
            [customers ? "customers" : "orders"] = new JsonObject
            {
                ["pageInfo"] = new JsonObject { ["hasNextPage"] = end < all.Count, ["endCursor"] = page.Count > 0 ? end.ToString(CultureInfo.InvariantCulture) : null },
                ["nodes"] = new JsonArray(page.ToArray()),
            },
        };
    }

    private static JsonNode WithLines(JsonObject order, List<JsonObject> lines)
    {
        var copy = order.DeepClone().AsObject();
        copy["lineItems"] = new JsonObject { ["nodes"] = new JsonArray(lines.Select(l => (JsonNode)l.DeepClone()).ToArray()) };
        return copy;
    }

    private static bool Newer(JsonObject record, DateTimeOffset? since) =>
        since is null || DateTimeOffset.Parse(record["updatedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture) > since;

    private async Task DownloadAsync(HttpContext http, string id)
    {
        var run = bulkRuns[Uri.UnescapeDataString(id)];
        var state = Shop(run.Shop);
        var lines = new List<string>();
        if (run.Kind == "customers")
        {
            lines.AddRange(state.Customers.Select(c => c.ToJsonString()));
        }
        else
        {
            foreach (var (order, items) in state.Orders)
            {
                lines.Add(order.ToJsonString());
                lines.AddRange(items.Select(l =>
                {
                    var child = l.DeepClone().AsObject();
                    child["__parentId"] = order["id"]!.GetValue<string>();
                    return child.ToJsonString();
                }));
            }
        }

        var hold = run.Kind == "orders" ? state.HoldOrdersAfterLines : 0;
        if (run.Kind == "orders")
        {
            state.HoldOrdersAfterLines = 0;
        }

        http.Response.ContentType = "application/jsonl";
        for (var i = 0; i < lines.Count; i++)
        {
            if (hold > 0 && i == hold)
            {
                await http.Response.Body.FlushAsync(http.RequestAborted);
                await release.Task.WaitAsync(http.RequestAborted);
            }

            await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(lines[i] + "\n"), http.RequestAborted);
        }
    }

    private async Task TokenAsync(HttpContext http, string shop)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body);
        if (body?["code"]?.GetValue<string>() is { } code && Codes.TryRemove(code, out var token))
        {
            await http.Response.WriteAsJsonAsync(new JsonObject { ["access_token"] = token, ["scope"] = "read_orders,read_customers,read_products" });
            return;
        }

        http.Response.StatusCode = 400;
        await http.Response.WriteAsJsonAsync(new JsonObject { ["error"] = "invalid_request", ["error_description"] = "The authorization code was not found or was already used" });
    }

    [GeneratedRegex("updated_at:>'([^']+)'")]
    private static partial Regex SinceFilter();

    public async ValueTask DisposeAsync()
    {
        release.TrySetResult();
        await server.DisposeAsync();
    }
}
