using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Api.Problems;
using SimpleCrm.Data.Audit;
using SimpleCrm.Data.Commerce;

namespace SimpleCrm.Api.Commerce;

public sealed record NewShopifyIntegration(string? ShopDomain, string? AccessToken, string? ApiSecretKey);

public sealed record NewWooCommerceIntegration(string? SiteUrl, string? ConsumerKey, string? ConsumerSecret, string? WebhookSecret);

/// <summary>A connected shop as the API shows it: never its secrets.</summary>
/// <param name="WebhookPath">Where the shop sends its webhooks (on this CRM's address).</param>
/// <param name="ExternalIdSource">The key of this shop's ids in customers' external_ids.</param>
public sealed record IntegrationView(
    Guid Id, string Platform, string Domain, string Status, string WebhookPath, string ExternalIdSource, DateTimeOffset CreatedAt, DateTimeOffset? DisconnectedAt,
    long EventsReceived, long EventsProcessed, long EventsPending, long EventsDead, DateTimeOffset? LastEventAt);

public sealed record IntegrationList(IReadOnlyList<IntegrationView> Items);

public sealed record DeadLetterView(long Id, Guid ShopId, string Topic, string Entity, DateTimeOffset ReceivedAt, int Attempts, string? Error);

public sealed record DeadLetterList(IReadOnlyList<DeadLetterView> Items);

/// <summary>Connecting shops (Shopify, WooCommerce), their webhook status, and the events that could not be applied.</summary>
public static partial class CommerceIntegrationEndpoints
{
    private const int SecretMax = 500;

    public static void MapIntegrations(this RouteGroupBuilder api)
    {
        var integrations = api.MapResource("/integrations", "Integrations", 400, 404, 409).RequirePermission(Permission.IntegrationsManage);
        integrations.MapGet("/", ListAsync).WithSummary("Connected shops with their webhook counts (never their secrets)");
        integrations.MapPost("/shopify", ConnectShopifyAsync).WithSummary("Connect a Shopify shop: its webhooks are signed with the app's API secret key");
        integrations.MapPost("/woocommerce", ConnectWooAsync).WithSummary("Connect a WooCommerce site: point its webhooks at the answer's webhook_path");
        integrations.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Disconnect a shop: its webhooks are refused; customers and orders stay");
        integrations.MapGet("/dead-letters", DeadLettersAsync).WithSummary("Webhook events that failed five times, newest first, with their error");
        integrations.MapPost("/dead-letters/{id:long}/retry", RetryAsync).WithSummary("Apply a dead letter again (after fixing its cause)");
    }

    /// <summary>"https://Shop.example/wp/" → "https://shop.example/wp"; null when not an absolute http(s) URL.</summary>
    public static string? NormalizeSiteUrl(string? url)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return null;
        }

        return $"{uri.Scheme}://{uri.Authority.ToLowerInvariant()}{uri.AbsolutePath.TrimEnd('/')}";
    }

    private static async Task<Ok<IntegrationList>> ListAsync(Caller caller, CommerceShopStore shops, CancellationToken cancellationToken)
    {
        var counts = (await shops.CountsAsync(caller.Workspace, cancellationToken)).ToDictionary(c => c.ShopId);
        var items = (await shops.ListAsync(caller.Workspace, cancellationToken))
            .Select(s => View(s, counts.GetValueOrDefault(s.Id) ?? new ShopInboxCounts { ShopId = s.Id })).ToList();
        return TypedResults.Ok(new IntegrationList(items));
    }

    private static async Task<Results<Created<IntegrationView>, ProblemHttpResult>> ConnectShopifyAsync(
        NewShopifyIntegration body, Caller caller, CommerceShopStore shops, CommerceSecrets secrets, WebhookShops webhookShops, AuditLog audit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var domain = body.ShopDomain?.Trim().ToLowerInvariant().Replace("https://", "", StringComparison.Ordinal).TrimEnd('/');
        if (domain is null || !ShopifyDomain().IsMatch(domain))
        {
            errors["shop_domain"] = ["Give the shop's myshopify.com domain, e.g. jsmith.myshopify.com."];
        }

        Secret(errors, "access_token", body.AccessToken);
        Secret(errors, "api_secret_key", body.ApiSecretKey);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        return await ConnectAsync(caller, shops, webhookShops, audit, new CommerceShop
        {
            Id = Guid.CreateVersion7(),
            Platform = "shopify",
            Domain = domain!,
            WebhookSecretProtected = secrets.Protect(body.ApiSecretKey!.Trim()),
            AccessTokenProtected = secrets.Protect(body.AccessToken!.Trim()),
            CreatedAt = DateTimeOffset.UtcNow,
        }, "shop_domain", cancellationToken);
    }

    private static async Task<Results<Created<IntegrationView>, ProblemHttpResult>> ConnectWooAsync(
        NewWooCommerceIntegration body, Caller caller, CommerceShopStore shops, CommerceSecrets secrets, WebhookShops webhookShops, AuditLog audit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var site = NormalizeSiteUrl(body.SiteUrl);
        if (site is null || site.Length > 255)
        {
            errors["site_url"] = ["Give the shop's address as an absolute http(s) URL, e.g. https://shop.example.com."];
        }

        Secret(errors, "consumer_key", body.ConsumerKey);
        Secret(errors, "consumer_secret", body.ConsumerSecret);
        Secret(errors, "webhook_secret", body.WebhookSecret);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        return await ConnectAsync(caller, shops, webhookShops, audit, new CommerceShop
        {
            Id = Guid.CreateVersion7(),
            Platform = "woocommerce",
            Domain = site!,
            WebhookSecretProtected = secrets.Protect(body.WebhookSecret!.Trim()),
            ConsumerKeyProtected = secrets.Protect(body.ConsumerKey!.Trim()),
            ConsumerSecretProtected = secrets.Protect(body.ConsumerSecret!.Trim()),
            CreatedAt = DateTimeOffset.UtcNow,
        }, "site_url", cancellationToken);
    }

    private static async Task<Results<Created<IntegrationView>, ProblemHttpResult>> ConnectAsync(
        Caller caller, CommerceShopStore shops, WebhookShops webhookShops, AuditLog audit, CommerceShop shop, string domainField, CancellationToken cancellationToken)
    {
        CommerceShop stored;
        try
        {
            stored = await shops.InsertAsync(caller.Workspace, shop, cancellationToken);
        }
        catch (Exception e) when (CommerceShopStore.IsDomainTaken(e))
        {
            var message = "This shop is already connected (to this or another workspace); disconnect it there first.";
            return CommandResultHttp.FieldProblem(StatusCodes.Status409Conflict, "Conflict", message,
                new Dictionary<string, string[]> { [domainField] = [message] });
        }

        webhookShops.Forget(stored); // a webhook that came before the shop was connected may have cached "unknown"
        await audit.RecordAsync(caller.Workspace, caller.Change, "create", "integration", stored.Id, new { stored.Platform, stored.Domain }, cancellationToken);
        return TypedResults.Created($"/api/v1/integrations/{stored.Id}", View(stored, new ShopInboxCounts { ShopId = stored.Id }));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, Caller caller, CommerceShopStore shops, WebhookShops webhookShops, AuditLog audit, CancellationToken cancellationToken)
    {
        if (await shops.GetAsync(caller.Workspace, id, cancellationToken) is not { } shop || !await shops.DeleteAsync(caller.Workspace, id, cancellationToken))
        {
            return Problem.NotFound("Integration", id);
        }

        webhookShops.Forget(shop);
        await audit.RecordAsync(caller.Workspace, caller.Change, "delete", "integration", id, new { shop.Platform, shop.Domain }, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<DeadLetterList>> DeadLettersAsync(Caller caller, CommerceInbox inbox, CancellationToken cancellationToken) =>
        TypedResults.Ok(new DeadLetterList((await inbox.DeadLettersAsync(caller.Workspace, 500, cancellationToken))
            .Select(d => new DeadLetterView(d.Id, d.ShopId, d.Topic, d.EntityKey, d.ReceivedAt, d.Attempts, d.Error)).ToList()));

    private static async Task<Results<Accepted, ProblemHttpResult>> RetryAsync(long id, Caller caller, CommerceInbox inbox, CommerceDrainSignal signal, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!await inbox.RetryAsync(caller.Workspace, id, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Dead letter {id} does not exist.");
        }

        signal.Notify();
        await audit.RecordAsync(caller.Workspace, caller.Change, "retry", "integration_event", null, new { id }, cancellationToken);
        return TypedResults.Accepted($"/api/v1/integrations/dead-letters");
    }

    private static IntegrationView View(CommerceShop s, ShopInboxCounts c) => new(
        s.Id, s.Platform, s.Domain, s.Status, s.Platform switch { "shopify" => "/webhooks/shopify", "api" => $"/api/v1/ingest/{s.SourceKey}", _ => $"/webhooks/woocommerce/{s.Id}" }, s.SourceKey,
        s.CreatedAt, s.DisconnectedAt, c.Received, c.Processed, c.Pending, c.Dead, c.LastReceivedAt);

    private static void Secret(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > SecretMax)
        {
            errors[field] = [$"Required, 1 to {SecretMax} characters."];
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}\\.myshopify\\.com$")]
    private static partial Regex ShopifyDomain();
}

public static class CommerceSetup
{
    public static IServiceCollection AddCrmCommerce(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CommerceDrainOptions>(configuration.GetSection("Crm:Commerce:Drain"));
        services.AddSingleton<CommerceSecrets>();
        services.AddSingleton<WebhookShops>();
        services.AddSingleton<CommerceDrainSignal>();
        services.AddSingleton<CommerceEventApplier>();
        services.AddSingleton<CommerceDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<CommerceDrain>());
        return services;
    }
}
