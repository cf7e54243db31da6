using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Email;

namespace SimpleCrm.Api.Email.Threads;

/// <summary>
/// POST /webhooks/sendgrid/inbound/{workspace}/{token}: SendGrid Inbound Parse (multipart/form-data: headers, from, to,
/// subject, text, html, envelope). Inbound Parse signs nothing and its settings hold only a URL, so the URL carries a
/// per-workspace secret token (256 random bits, only its SHA-256 stored, compared in constant time); the workspace id
/// beside it lets the check run inside that workspace's row-level security. A wrong token is 401 and nothing is read.
/// </summary>
public static class InboundParseEndpoints
{
    public const string Path = "/webhooks/sendgrid/inbound";
    private const long MaxBodyBytes = 30 * 1024 * 1024;

    public static void MapSendGridInbound(this IEndpointRouteBuilder app) =>
        app.MapPost($"{Path}/{{workspace:guid}}/{{token}}", ReceiveAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();

    public static string Url(string appUrl, WorkspaceId workspace, string token) => $"{appUrl}{Path}/{workspace.Value}/{token}";

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static async Task<IResult> ReceiveAsync(Guid workspace, string token, HttpContext http, MailSyncStore settings, MailThreader threader)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        var id = new WorkspaceId(workspace);
        var stored = (await settings.GetAsync(id, http.RequestAborted))?.InboundTokenHash;
        if (stored is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(Hash(token))))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid inbound address",
                detail: "Unknown workspace or wrong token in the Inbound Parse URL; nothing was stored.");
        }

        if (!http.Request.HasFormContentType)
        {
            return Problems.Problem.Invalid("body", "Expected multipart/form-data as SendGrid Inbound Parse posts it.", "Nothing was stored.");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (InboundMail.FromInboundParse(form["headers"], form["from"], form["subject"], form["text"], form["html"]) is not { } mail)
        {
            return Problems.Problem.Invalid("headers", "The raw headers are missing or name no sender address.", "Nothing was stored.");
        }

        var result = await threader.ThreadAsync(id, mail, http.RequestAborted);
        // 200 whatever became of it (a duplicate too): anything else makes SendGrid deliver it again.
        return TypedResults.Ok(new { outcome = result.Outcome.ToString().ToLowerInvariant() });
    }
}
