using System.Net;
using System.Net.Sockets;

namespace SimpleCrm.Api.Webhooks;

/// <summary>A target host resolved to an address webhooks may not reach.</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);

/// <summary>
/// Where webhooks may go: http(s) URLs whose host resolves only to public addresses. Checked when a subscription is
/// saved and again on every connection (DNS can change), so a subscription cannot be pointed at the CRM's own
/// network (loopback, RFC 1918, link-local and cloud metadata, unique local IPv6, unspecified, multicast).
/// </summary>
public static class WebhookTargets
{
    public const int MaxUrlLength = 2000;

    /// <summary>The URL's shape: absolute, http or https, no credentials. Null when it is fine.</summary>
    public static string? ShapeProblem(string? url, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            return "A URL is required.";
        }

        if (url.Length > MaxUrlLength)
        {
            return $"At most {MaxUrlLength} characters.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(parsed.Host))
        {
            return "Give an absolute http:// or https:// URL.";
        }

        if (!string.IsNullOrEmpty(parsed.UserInfo))
        {
            return "The URL must not contain a user name or password; verify deliveries by their signature instead.";
        }

        uri = parsed;
        return null;
    }

    /// <summary>Resolves the host and refuses it when any of its addresses is not public. Null when it is fine.</summary>
    public static async Task<string?> AddressProblemAsync(Uri uri, bool allowPrivate, CancellationToken cancellationToken)
    {
        try
        {
            var addresses = await ResolveAsync(uri.IdnHost, cancellationToken);
            return allowPrivate ? null : Refusal(uri.IdnHost, addresses);
        }
        catch (SocketException)
        {
            return $"The host {uri.Host} cannot be resolved.";
        }
    }

    public static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(bare, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(bare, cancellationToken);
    }

    /// <summary>Why these addresses may not be reached, or null when all are public.</summary>
    public static string? Refusal(string host, IReadOnlyList<IPAddress> addresses)
    {
        if (addresses.Count == 0)
        {
            return $"The host {host} has no address.";
        }

        return addresses.FirstOrDefault(a => !IsPublic(a)) is { } internalAddress
            ? $"The host {host} resolves to {internalAddress}, an internal address webhooks may not reach."
            : null;
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0                                   // "this network", 0.0.0.0
                || b[0] == 10                                    // RFC 1918
                || b[0] == 127                                   // loopback
                || (b[0] == 100 && b[1] >= 64 && b[1] < 128)     // carrier-grade NAT, RFC 6598
                || (b[0] == 169 && b[1] == 254)                  // link-local, cloud metadata
                || (b[0] == 172 && b[1] >= 16 && b[1] < 32)      // RFC 1918
                || (b[0] == 192 && b[1] == 168)                  // RFC 1918
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)       // IETF protocol assignments
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19))   // benchmarking
                || b[0] >= 224);                                 // multicast, reserved, broadcast
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(address.Equals(IPAddress.IPv6Loopback)
                || address.Equals(IPAddress.IPv6None)            // ::
                || address.IsIPv6LinkLocal                       // fe80::/10
                || address.IsIPv6SiteLocal                       // fec0::/10
                || address.IsIPv6Multicast                       // ff00::/8
                || (b[0] & 0xfe) == 0xfc                         // unique local, fc00::/7
                || (b.Take(12).All(x => x == 0)));               // IPv4-compatible ::a.b.c.d
        }

        return false;
    }
}
