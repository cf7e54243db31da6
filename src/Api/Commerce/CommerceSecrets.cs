using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;
using SimpleCrm.Data.Commerce;

namespace SimpleCrm.Api.Commerce;

/// <summary>Shop secrets encrypted at rest with the CRM's Data Protection key ring (shared by every node through PostgreSQL).</summary>
public sealed class CommerceSecrets(IDataProtectionProvider protection)
{
    private readonly IDataProtector protector = protection.CreateProtector("SimpleCrm.Commerce.Secrets");

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string protectedSecret) => protector.Unprotect(protectedSecret);
}

/// <summary>A webhook's shop with its secret in clear, for the signature check.</summary>
public sealed record WebhookShop(Guid ShopId, Guid WorkspaceId, string WebhookSecret);

/// <summary>
/// Finds the shop a webhook belongs to and its webhook secret. Kept in memory for a short while: a busy shop sends many
/// webhooks a second, and each would otherwise cost two queries and a decryption before its answer.
/// </summary>
public sealed class WebhookShops(CommerceShopStore shops, CommerceSecrets secrets, IMemoryCache cache)
{
    private static readonly TimeSpan Keep = TimeSpan.FromSeconds(30);

    /// <summary>An unknown shop is remembered briefly (a flood of forged webhooks costs one lookup a second), so a shop
    /// just connected on another node is accepted soon.</summary>
    private static readonly TimeSpan KeepUnknown = TimeSpan.FromSeconds(1);

    public Task<WebhookShop?> ByDomainAsync(string platform, string domain, CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync($"webhook-shop:{platform}:{domain}", async entry =>
        {
            var shop = await LoadAsync(await shops.RouteByDomainAsync(platform, domain, cancellationToken), cancellationToken);
            entry.AbsoluteExpirationRelativeToNow = shop is null ? KeepUnknown : Keep;
            return shop;
        });

    public Task<WebhookShop?> ByIdAsync(string platform, Guid shopId, CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync($"webhook-shop:{platform}:{shopId}", async entry =>
        {
            var shop = await LoadAsync(await shops.RouteByIdAsync(platform, shopId, cancellationToken), cancellationToken);
            entry.AbsoluteExpirationRelativeToNow = shop is null ? KeepUnknown : Keep;
            return shop;
        });

    /// <summary>After a change of the shop on this node; other nodes follow within <see cref="Keep"/>.</summary>
    public void Forget(CommerceShop shop)
    {
        cache.Remove($"webhook-shop:{shop.Platform}:{shop.Domain}");
        cache.Remove($"webhook-shop:{shop.Platform}:{shop.Id}");
    }

    private async Task<WebhookShop?> LoadAsync(ShopRoute? route, CancellationToken cancellationToken)
    {
        if (route is null || await shops.GetAsync(new(route.WorkspaceId), route.ShopId, cancellationToken) is not { } shop)
        {
            return null;
        }

        return new WebhookShop(shop.Id, shop.WorkspaceId, secrets.Unprotect(shop.WebhookSecretProtected));
    }
}
