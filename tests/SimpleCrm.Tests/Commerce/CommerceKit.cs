using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Commerce;

public sealed record TestShop(Guid Id, string Domain, string Secret, string Platform);

/// <summary>Connects shops through the API and sends them signed webhooks over real HTTP, as Shopify and WooCommerce do.</summary>
public sealed class CommerceKit(HttpClient admin, HttpClient anonymous, CrmDatabase database, WorkspaceId workspace)
{
    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Commerce", "Fixtures", name));

    /// <summary>A variation of a fixture, built in code (the fixtures themselves stay as published).</summary>
    public static byte[] Vary(string name, Action<JsonObject> change)
    {
        var node = JsonNode.Parse(Fixture(name))!.AsObject();
        change(node);
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    public async Task<TestShop> ConnectShopifyAsync(string? domain = null)
    {
        domain ??= $"t{Guid.NewGuid():N}"[..16] + ".myshopify.com";
        var secret = $"shpss_{Guid.NewGuid():N}";
        var response = await admin.PostJsonAsync("/api/v1/integrations/shopify", new { shop_domain = domain, access_token = $"shpat_{Guid.NewGuid():N}", api_secret_key = secret });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return new TestShop((await response.JsonAsync()).GetProperty("id").GetGuid(), domain, secret, "shopify");
    }

    public async Task<TestShop> ConnectWooAsync()
    {
        var site = $"https://shop-{Guid.NewGuid():N}.example.com";
        var secret = $"woo-{Guid.NewGuid():N}";
        var response = await admin.PostJsonAsync("/api/v1/integrations/woocommerce", new { site_url = site, consumer_key = "ck_test", consumer_secret = "cs_test", webhook_secret = secret });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return new TestShop((await response.JsonAsync()).GetProperty("id").GetGuid(), site, secret, "woocommerce");
    }

    public static string Sign(string secret, byte[] body) => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public Task<HttpResponseMessage> ShopifyAsync(TestShop shop, string topic, byte[] body, string? eventId = null, string? signature = null, DateTimeOffset? triggeredAt = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/shopify") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Shopify-Topic", topic);
        request.Headers.Add("X-Shopify-Shop-Domain", shop.Domain);
        request.Headers.Add("X-Shopify-Hmac-Sha256", signature ?? Sign(shop.Secret, body));
        request.Headers.Add("X-Shopify-Webhook-Id", Guid.NewGuid().ToString());
        request.Headers.Add("X-Shopify-Event-Id", eventId ?? Guid.NewGuid().ToString());
        request.Headers.Add("X-Shopify-API-Version", "2026-04");
        request.Headers.Add("X-Shopify-Triggered-At", (triggeredAt ?? DateTimeOffset.UtcNow).ToString("O"));
        return anonymous.SendAsync(request);
    }

    public Task<HttpResponseMessage> WooAsync(TestShop shop, string topic, byte[] body, string? deliveryId = null, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/woocommerce/{shop.Id}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-WC-Webhook-Source", shop.Domain + "/");
        request.Headers.Add("X-WC-Webhook-Topic", topic);
        request.Headers.Add("X-WC-Webhook-Resource", topic.Split('.')[0]);
        request.Headers.Add("X-WC-Webhook-Event", topic.Split('.')[1]);
        request.Headers.Add("X-WC-Webhook-Signature", signature ?? Sign(shop.Secret, body));
        request.Headers.Add("X-WC-Webhook-ID", "12");
        request.Headers.Add("X-WC-Webhook-Delivery-ID", deliveryId ?? Guid.NewGuid().ToString("N"));
        return anonymous.SendAsync(request);
    }

    public static async Task AssertOkAsync(Task<HttpResponseMessage> send)
    {
        var response = await send;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The shop's entry in GET /integrations.</summary>
    public async Task<JsonElement> IntegrationAsync(TestShop shop)
    {
        var list = await new CrmApiClient(admin).GetAsync("/api/v1/integrations");
        return list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == shop.Id);
    }

    /// <summary>Waits until the drain has handled every event the shop received (processed or dead).</summary>
    public async Task<JsonElement> DrainedAsync(TestShop shop, int? received = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = await IntegrationAsync(shop);
            if (status.GetProperty("events_pending").GetInt64() == 0 && (received is null || status.GetProperty("events_received").GetInt64() == received))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The inbox did not drain: {status}");
            await Task.Delay(50);
        }
    }

    public async Task<T?> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var session = await database.BeginAsync(workspace);
        return await session.QuerySingleOrDefaultAsync<T>(sql, parameters);
    }

    public async Task<IReadOnlyList<T>> RowsAsync<T>(string sql, object? parameters = null)
    {
        await using var session = await database.BeginAsync(workspace);
        return (await session.QueryAsync<T>(sql, parameters)).ToList();
    }

    /// <summary>The most attempts any event of these shops took.</summary>
    public async Task<int> InboxMaxAttemptsAsync(params Guid[] shopIds)
    {
        await using var connection = await database.OpenSharedAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, "select coalesce(max(attempts), 0) from commerce_inbox where shop_id = any(@shopIds)", new { shopIds });
    }

    public async Task<long> InboxCountAsync(Guid shopId)
    {
        await using var connection = await database.OpenSharedAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "select count(*) from commerce_inbox where shop_id = @shopId", new { shopId });
    }
}

/// <summary>One order row as the tests compare it.</summary>
public sealed record OrderRowView
{
    public Guid Id { get; init; }
    public Guid CustomerId { get; init; }
    public string OrderNumber { get; init; } = "";
    public string Status { get; init; } = "";
    public string PaymentStatus { get; init; } = "";
    public string Currency { get; init; } = "";
    public decimal TotalAmount { get; init; }
    public decimal SubtotalAmount { get; init; }
    public decimal RefundedAmount { get; init; }
    public decimal TotalAmountUsd { get; init; }
    public string Source { get; init; } = "";
    public int Version { get; init; }
}
