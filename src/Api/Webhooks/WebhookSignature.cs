using System.Security.Cryptography;
using System.Text;

namespace SimpleCrm.Api.Webhooks;

/// <summary>
/// The signature a receiver checks: HMAC-SHA256 keyed with the subscription's secret (its UTF-8 bytes) over
/// "&lt;timestamp&gt;.&lt;body&gt;", as lowercase hex, sent as "sha256=&lt;hex&gt;" (docs/webhooks.md).
/// </summary>
public static class WebhookSignature
{
    public const string DeliveryHeader = "X-SimpleCrm-Delivery";
    public const string EventHeader = "X-SimpleCrm-Event";
    public const string TimestampHeader = "X-SimpleCrm-Timestamp";
    public const string SignatureHeader = "X-SimpleCrm-Signature";

    public static string Sign(string secret, string timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body));
        return "sha256=" + Convert.ToHexStringLower(mac);
    }
}
