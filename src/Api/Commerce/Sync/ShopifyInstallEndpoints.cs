using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Auth;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Api.OpenApi;
using SimpleCrm.Api.Problems;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Audit;
using SimpleCrm.Data.Commerce;

namespace SimpleCrm.Api.Commerce.Sync;

/// <summary>
/// The Shopify public app's install by OAuth: the install link is the shop's consent screen's address with a
/// state bound to this workspace; Shopify sends the browser back to the callback, which checks the hmac and the state,
/// exchanges the code for an offline token (stored encrypted), subscribes the webhooks and starts the first backfill.
/// </summary>
/// <summary>Where to send the merchant: the shop's consent screen, with a state bound to this workspace (ten minutes).</summary>
public sealed record ShopifyInstallLink(string AuthorizeUrl);

public static partial class ShopifyInstallEndpoints
{
    /// <summary>The webhooks a connected shop is asked to send (the privacy topics are set in the app's configuration).</summary>
    public static readonly string[] Topics =
    [
        "ORDERS_CREATE", "ORDERS_UPDATED", "ORDERS_PAID", "ORDERS_CANCELLED", "ORDERS_FULFILLED", "ORDERS_PARTIALLY_FULFILLED", "ORDERS_EDITED",
        "REFUNDS_CREATE", "CUSTOMERS_CREATE", "CUSTOMERS_UPDATE", "CUSTOMERS_DELETE", "PRODUCTS_CREATE", "PRODUCTS_UPDATE", "PRODUCTS_DELETE", "APP_UNINSTALLED",
    ];

    public const string CallbackPath = "/api/v1/integrations/shopify/callback";

    public static void MapShopifyInstall(this RouteGroupBuilder api)
    {
        var install = api.MapResource("/integrations/shopify", "Integrations", 400, 401, 409);
        install.MapGet("/install", Install).RequirePermission(Permission.IntegrationsManage).WithRequiredQuery("shop")
            .WithSummary("Install the Shopify app on a shop (shop=name.myshopify.com): the consent screen's address, to send the merchant to");
        install.MapGet("/callback", CallbackAsync).AllowAnonymous()
            .WithSummary("Where Shopify returns after consent: checks hmac and state, stores the offline token, subscribes webhooks, starts the backfill");
    }

    private static Results<Ok<ShopifyInstallLink>, ProblemHttpResult> Install(string? shop, Caller caller, ShopifyOAuth oauth, HttpContext http)
    {
        if (!oauth.Configured)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: "The Shopify app is not configured on this CRM (Crm:Shopify:ApiKey and ApiSecret).");
        }

        var domain = shop?.Trim().ToLowerInvariant();
        if (domain is null || !ShopDomain().IsMatch(domain))
        {
            return Problem.InvalidQuery("shop", "Give the shop's myshopify.com domain, e.g. jsmith.myshopify.com.");
        }

        var state = oauth.NewState(new InstallState(caller.Workspace.Value, caller.UserId, domain, Guid.NewGuid().ToString("N")));
        // An answer rather than a redirect: the web app calls with its bearer token, then sends the browser there.
        return TypedResults.Ok(new ShopifyInstallLink(oauth.AuthorizeUrl(domain, state, AuthEndpoints.AppUrl(http) + CallbackPath).ToString()));
    }

    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> CallbackAsync(
        string? shop, string? code, string? state, string? hmac, HttpContext http, ShopifyOAuth oauth, ShopifyAdminClient shopify, CommerceShopStore shops, ShopifyInstallStore installs, CommerceSyncStore syncs,
        CommerceSecrets secrets, WebhookShops webhookShops, AuditLog audit, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // Shopify signs every parameter it sends (timestamp, host, …), not only those this handler reads.
        var query = http.Request.Query;
        var domain = shop ?? "";
        if (!ShopDomain().IsMatch(domain))
        {
            return Refused(http, "shop", Problem.InvalidQuery("shop", "Not a myshopify.com domain; nothing was stored."));
        }

        if (string.IsNullOrEmpty(hmac) || !oauth.IsSigned(query))
        {
            return Refused(http, "signature", TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid signature",
                detail: "The hmac parameter does not match the query signed with the app's secret; nothing was stored."));
        }

        if (oauth.ReadState(state) is not { } install || install.Shop != domain)
        {
            return Refused(http, "state", Problem.InvalidQuery("state", "Unknown, altered, expired or for another shop: start the install again; nothing was stored."));
        }

        if (code is not { Length: > 0 and <= 500 })
        {
            return Refused(http, "code", Problem.InvalidQuery("code", "Required; nothing was stored."));
        }

        string token;
        try
        {
            token = await shopify.ExchangeCodeAsync(domain, code, cancellationToken);
        }
        catch (ShopApiException e)
        {
            return Refused(http, "code", Problem.InvalidQuery("code", $"{e.Message} Start the install again; nothing was stored."));
        }

        var workspace = new WorkspaceId(install.WorkspaceId);
        var change = new ChangeContext(install.UserId is { } user ? $"user:{user}" : "system:shopify", http.TraceIdentifier, http.Connection.RemoteIpAddress?.ToString());
        var tokenProtected = secrets.Protect(token);
        var secretProtected = secrets.Protect(oauth.ApiSecret); // a public app's webhooks are signed with the app's secret
        var shopId = await installs.ReconnectAsync(workspace, domain, tokenProtected, secretProtected, cancellationToken);
        if (shopId is null)
        {
            try
            {
                shopId = (await shops.InsertAsync(workspace, new CommerceShop
                {
                    Id = Guid.CreateVersion7(),
                    Platform = "shopify",
                    Domain = domain,
                    WebhookSecretProtected = secretProtected,
                    AccessTokenProtected = tokenProtected,
                    CreatedAt = DateTimeOffset.UtcNow,
                }, cancellationToken)).Id;
            }
            catch (Exception e) when (CommerceShopStore.IsDomainTaken(e))
            {
                return Refused(http, "taken", TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                    detail: "This shop is connected to another workspace; disconnect it there first."));
            }
        }

        var stored = (await shops.GetAsync(workspace, shopId.Value, cancellationToken))!;
        webhookShops.Forget(stored);
        await audit.RecordAsync(workspace, change, "install", "integration", stored.Id, new { stored.Platform, stored.Domain }, cancellationToken);
        await SubscribeAsync(shopify, domain, token, AuthEndpoints.AppUrl(http) + "/webhooks/shopify", loggers.CreateLogger(typeof(ShopifyInstallEndpoints)), cancellationToken);
        await syncs.StartAsync(workspace, stored.Id, full: true, cancellationToken);
        return TypedResults.Redirect($"{AuthEndpoints.AppUrl(http)}/settings/integrations?installed={Uri.EscapeDataString(domain)}");
    }

    /// <summary>
    /// A refused callback. The merchant's browser arrives here from Shopify: it goes back to the integrations page, which
    /// says in words what went wrong (<paramref name="reason"/>); any other client gets the problem details.
    /// </summary>
    private static Results<RedirectHttpResult, ProblemHttpResult> Refused(HttpContext http, string reason, ProblemHttpResult problem)
    {
        var browser = http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
        return browser
            ? TypedResults.Redirect($"{AuthEndpoints.AppUrl(http)}/settings/integrations?install_error={reason}")
            : problem;
    }

    /// <summary>A failed subscription does not undo the install: the backfill and the next reconciliation still bring the data.</summary>
    private static async Task SubscribeAsync(ShopifyAdminClient shopify, string shop, string token, string callbackUrl, ILogger logger, CancellationToken cancellationToken)
    {
        foreach (var topic in Topics)
        {
            try
            {
                var data = await shopify.QueryAsync(shop, token, """
                    mutation($topic: WebhookSubscriptionTopic!, $url: URL!) {
                      webhookSubscriptionCreate(topic: $topic, webhookSubscription: { callbackUrl: $url, format: JSON }) { webhookSubscription { id } userErrors { field message } }
                    }
                    """, new { topic, url = callbackUrl }, 10, cancellationToken);
                if (data.Child("webhookSubscriptionCreate")?.Items("userErrors").FirstOrDefault() is { ValueKind: System.Text.Json.JsonValueKind.Object } error)
                {
                    logger.LogWarning("Shopify refused the {Topic} webhook for {Shop}: {Error}", topic, shop, error.Text("message"));
                }
            }
            catch (ShopApiException e)
            {
                logger.LogWarning("Subscribing {Shop} to {Topic} failed: {Error}", shop, topic, e.Message);
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*\\.myshopify\\.com$")]
    private static partial Regex ShopDomain();
}
