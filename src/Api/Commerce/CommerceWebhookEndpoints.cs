using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using SimpleCrm.Data.Commerce;

namespace SimpleCrm.Api.Commerce;

/// <summary>
/// Webhooks from the shops: anonymous, authenticated by their HMAC signature over the raw body. Each accepted
/// webhook is written to the inbox and answered 200 once committed; nothing else happens before the answer (the
/// drain applies it), so the answer is fast and a webhook is never lost to a busy or failing cluster. They are
/// outside /api, so the per-caller hourly budget does not apply: the shops decide how much they send.
/// </summary>
public static class CommerceWebhookEndpoints
{
    /// <summary>Shopify orders with many lines run to a few hundred KB; this leaves room and still bounds memory.</summary>
    public const long MaxBodyBytes = 5 * 1024 * 1024;

    public static void MapCommerceWebhooks(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/webhooks").AllowAnonymous().ExcludeFromDescription();
        webhooks.MapPost("/shopify", ShopifyAsync);
        webhooks.MapPost("/woocommerce", (HttpContext http, WebhookShops shops, CommerceInbox inbox, CommerceDrainSignal signal) => WooAsync(http, null, shops, inbox, signal));
        webhooks.MapPost("/woocommerce/{shopId:guid}", (HttpContext http, Guid shopId, WebhookShops shops, CommerceInbox inbox, CommerceDrainSignal signal) => WooAsync(http, shopId, shops, inbox, signal));
    }

    private static async Task<IResult> ShopifyAsync(HttpContext http, WebhookShops shops, CommerceInbox inbox, CommerceDrainSignal signal)
    {
        var headers = http.Request.Headers;
        var body = await ReadBodyAsync(http);
        var domain = headers["X-Shopify-Shop-Domain"].ToString().Trim().ToLowerInvariant();
        var shop = domain.Length == 0 ? null : await shops.ByDomainAsync("shopify", domain, http.RequestAborted);
        if (shop is null || !WebhookSignature.IsValid(shop.WebhookSecret, body, headers["X-Shopify-Hmac-Sha256"]))
        {
            return Unauthorized();
        }

        var topic = headers["X-Shopify-Topic"].ToString();
        if (topic.Length == 0)
        {
            return Invalid("X-Shopify-Topic", "The topic header is missing.");
        }

        if (Parse(body) is not { } json)
        {
            return Invalid("$", "The body is not JSON.");
        }

        var dedup = First(headers["X-Shopify-Event-Id"], headers["X-Shopify-Webhook-Id"]) ?? "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body));
        var triggeredAt = DateTimeOffset.TryParse(headers["X-Shopify-Triggered-At"].ToString(), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : (DateTimeOffset?)null;
        var entry = new InboxEntry(shop.WorkspaceId, shop.ShopId, topic, dedup, ShopifyPayloads.EntityKey(topic, json), triggeredAt, HeadersJson(headers, "X-Shopify-"), body);
        return await StoreAsync(entry, inbox, signal, http.RequestAborted);
    }

    private static async Task<IResult> WooAsync(HttpContext http, Guid? shopId, WebhookShops shops, CommerceInbox inbox, CommerceDrainSignal signal)
    {
        var headers = http.Request.Headers;
        var body = await ReadBodyAsync(http);
        var topic = headers["X-WC-Webhook-Topic"].ToString();

        // Saving a webhook in WooCommerce first posts "webhook_id=N" as a form, without a topic: it only checks the URL answers.
        if (topic.Length == 0 && Encoding.UTF8.GetString(body).StartsWith("webhook_id=", StringComparison.Ordinal))
        {
            return TypedResults.Ok();
        }

        var shop = shopId is { } id
            ? await shops.ByIdAsync("woocommerce", id, http.RequestAborted)
            : CommerceIntegrationEndpoints.NormalizeSiteUrl(headers["X-WC-Webhook-Source"].ToString()) is { } site
                ? await shops.ByDomainAsync("woocommerce", site, http.RequestAborted)
                : null;
        if (shop is null || !WebhookSignature.IsValid(shop.WebhookSecret, body, headers["X-WC-Webhook-Signature"]))
        {
            return Unauthorized();
        }

        if (topic.Length == 0)
        {
            return Invalid("X-WC-Webhook-Topic", "The topic header is missing.");
        }

        if (Parse(body) is not { } json)
        {
            return Invalid("$", "The body is not JSON.");
        }

        var modified = WooPayloads.Modified(json)?.ToString("O") ?? "";
        var dedup = $"{headers["X-WC-Webhook-Delivery-ID"]}:{json.Id("id")}:{modified}";
        var entry = new InboxEntry(shop.WorkspaceId, shop.ShopId, topic, dedup, WooPayloads.EntityKey(topic, json), WooPayloads.Modified(json), HeadersJson(headers, "X-WC-"), body);
        return await StoreAsync(entry, inbox, signal, http.RequestAborted);
    }

    private static async Task<IResult> StoreAsync(InboxEntry entry, CommerceInbox inbox, CommerceDrainSignal signal, CancellationToken cancellationToken)
    {
        // A redelivery (same dedup key) is answered like the first delivery: the sender must stop retrying.
        if (await inbox.InsertAsync(entry, cancellationToken))
        {
            signal.Notify();
        }

        return TypedResults.Ok();
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        return buffer.ToArray();
    }

    private static JsonElement? Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

    private static string HeadersJson(IHeaderDictionary headers, string prefix) => JsonSerializer.Serialize(
        headers.Where(h => h.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && !h.Key.Contains("Hmac", StringComparison.OrdinalIgnoreCase) && !h.Key.Contains("Signature", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key, h => h.Value.ToString()));

    private static IResult Unauthorized() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid webhook", detail: "Unknown shop or wrong signature; nothing was stored.");

    private static IResult Invalid(string field, string error) => Problems.Problem.Invalid(field, error, "The webhook cannot be read; nothing was stored.");
}
