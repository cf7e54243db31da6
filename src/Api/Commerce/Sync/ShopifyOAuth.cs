using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace SimpleCrm.Api.Commerce.Sync;

/// <summary>What an install's state carries back to the callback: who started it, in which workspace, for which shop.</summary>
public sealed record InstallState(Guid WorkspaceId, Guid? UserId, string Shop, string Nonce);

/// <summary>
/// Shopify's OAuth rules for a public app: the authorize URL, the state (signed and encrypted by the CRM's key ring, bound
/// to the workspace and the shop, valid ten minutes), and the check of the callback's hmac parameter.
/// </summary>
public sealed class ShopifyOAuth(IDataProtectionProvider protection, IOptions<ShopifyOptions> options)
{
    public static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    /// <summary>Read access to what the CRM backfills and receives by webhook.</summary>
    public const string Scopes = "read_customers,read_orders,read_products";

    private readonly ITimeLimitedDataProtector states = protection.CreateProtector("SimpleCrm.Commerce.ShopifyInstallState").ToTimeLimitedDataProtector();

    public bool Configured => !string.IsNullOrWhiteSpace(options.Value.ApiKey) && !string.IsNullOrWhiteSpace(options.Value.ApiSecret);

    public string ApiSecret => options.Value.ApiSecret ?? "";

    public string NewState(InstallState state) => states.Protect(JsonSerializer.Serialize(state), StateLifetime);

    /// <returns>null when the state was not made here, was altered, or has expired.</returns>
    public InstallState? ReadState(string? state)
    {
        if (string.IsNullOrEmpty(state))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<InstallState>(states.Unprotect(state));
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    public Uri AuthorizeUrl(string shop, string state, string redirectUri) =>
        new(options.Value.ShopAddress(shop), "admin/oauth/authorize"
            + $"?client_id={Uri.EscapeDataString(options.Value.ApiKey!)}&scope={Uri.EscapeDataString(Scopes)}"
            + $"&redirect_uri={Uri.EscapeDataString(redirectUri)}&state={Uri.EscapeDataString(state)}");

    /// <summary>
    /// Shopify signs the callback's query: every parameter but hmac (and the legacy signature), sorted by name, as
    /// name=value joined by &amp; (with % and &amp; escaped, and = in names), HMAC-SHA256 with the app secret, hex.
    /// </summary>
    public bool IsSigned(IQueryCollection query)
    {
        var given = query["hmac"].ToString();
        if (given.Length != 64 || !Configured)
        {
            return false;
        }

        var message = string.Join('&', query
            .Where(p => p.Key is not ("hmac" or "signature"))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{Escape(p.Key).Replace("=", "%3D", StringComparison.Ordinal)}={Escape(p.Value.ToString())}"));
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(ApiSecret), Encoding.UTF8.GetBytes(message));
        try
        {
            return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(given));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string Escape(string value) => value.Replace("%", "%25", StringComparison.Ordinal).Replace("&", "%26", StringComparison.Ordinal);
}
