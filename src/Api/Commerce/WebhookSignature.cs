using System.Security.Cryptography;
using System.Text;

namespace SimpleCrm.Api.Commerce;

/// <summary>
/// Shopify (X-Shopify-Hmac-Sha256) and WooCommerce (X-WC-Webhook-Signature) sign the same way: base64 of
/// HMAC-SHA256 over the raw body, keyed with the shared secret. Compared in constant time.
/// </summary>
public static class WebhookSignature
{
    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool IsValid(string secret, ReadOnlySpan<byte> body, string? signature)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(signature.Trim(), given, out var length) || length != 32)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given[..length]);
    }
}
