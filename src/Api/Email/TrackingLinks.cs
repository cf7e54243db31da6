using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Email;

/// <summary>What a tracking token says: the workspace, the sent message (its row id, which is also its activity id) and, for a click, where to go.</summary>
public sealed record TrackedLink(WorkspaceId Workspace, Guid MessageId, string? Target);

/// <summary>
/// Open and click tracking for sent HTML mail. The tokens are signed and encrypted with the key ring (Data Protection),
/// and a click token carries its target inside it: nobody can point a link of ours somewhere else, so the redirect
/// endpoint is never an open redirect.
/// </summary>
public sealed partial class TrackingLinks(IDataProtectionProvider protection)
{
    public const string OpenPath = "/t/o";
    public const string ClickPath = "/t/c";
    private const int MaxTokenLength = 8000;

    private readonly IDataProtector opens = protection.CreateProtector("SimpleCrm.Email.Tracking.Open.v1");
    private readonly IDataProtector clicks = protection.CreateProtector("SimpleCrm.Email.Tracking.Click.v1");

    /// <summary>The HTML with every http(s) link sent through the click endpoint and a 1×1 open pixel at the end of the body.</summary>
    public string Instrument(string html, string baseUrl, WorkspaceId workspace, Guid messageId)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return html;
        }

        var rewritten = LinkHref().Replace(html, match =>
        {
            var target = WebUtility.HtmlDecode(match.Groups["url"].Value);
            if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return match.Value;
            }

            var token = clicks.Protect($"{workspace.Value:N}.{messageId:N}.{target}");
            return $"{match.Groups["prefix"].Value}{WebUtility.HtmlEncode($"{baseUrl}{ClickPath}/{token}")}{match.Groups["quote"].Value}";
        });

        var pixel = $"<img src=\"{baseUrl}{OpenPath}/{opens.Protect($"{workspace.Value:N}.{messageId:N}")}\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0;width:1px;height:1px\">";
        var bodyEnd = rewritten.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return bodyEnd >= 0 ? rewritten.Insert(bodyEnd, pixel) : rewritten + pixel;
    }

    public TrackedLink? ReadOpen(string? token) => Read(opens, token, withTarget: false);

    public TrackedLink? ReadClick(string? token) => Read(clicks, token, withTarget: true);

    private static TrackedLink? Read(IDataProtector protector, string? token, bool withTarget)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        string text;
        try
        {
            text = protector.Unprotect(token);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }

        var parts = text.Split('.', withTarget ? 3 : 2);
        if (parts.Length != (withTarget ? 3 : 2) || !Guid.TryParse(parts[0], out var workspace) || !Guid.TryParse(parts[1], out var message))
        {
            return null;
        }

        return new TrackedLink(new WorkspaceId(workspace), message, withTarget ? parts[2] : null);
    }

    // href="…" or href='…' on an anchor or area element.
    [GeneratedRegex("""(?<prefix><(?:a|area)\b[^>]*?\bhref\s*=\s*(?<quote>["']))(?<url>[^"']*)\k<quote>""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkHref();
}
