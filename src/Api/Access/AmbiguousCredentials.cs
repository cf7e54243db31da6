using Microsoft.Net.Http.Headers;
using SimpleCrm.Api.Realtime;

namespace SimpleCrm.Api.Access;

/// <summary>
/// Refuses a request that carries both an API key and a bearer token, before either is checked: acting as
/// one of them silently would hide a misconfigured client and make the audit trail name the wrong actor.
/// </summary>
public static class AmbiguousCredentials
{
    public static async Task RefuseAsync(HttpContext http, RequestDelegate next)
    {
        if (!http.Request.Headers.ContainsKey(ApiKeyAuthentication.Header) || !HasBearerToken(http.Request))
        {
            await next(http);
            return;
        }

        await TypedResults.ValidationProblem(
            new Dictionary<string, string[]>
            {
                [ApiKeyAuthentication.Header] = ["Send either an API key or an access token, not both."],
                [HeaderNames.Authorization] = ["Send either an access token or an API key, not both."],
            },
            title: "Ambiguous credentials",
            detail: $"The request carries both an API key ({ApiKeyAuthentication.Header}) and a bearer token; send only one.",
            extensions: new Dictionary<string, object?> { ["request_id"] = http.TraceIdentifier }).ExecuteAsync(http);
    }

    /// <summary>An Authorization: Bearer header, or the hub's access_token query parameter (browsers' WebSockets).</summary>
    private static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.Any(value => value?.TrimStart().StartsWith("Bearer", StringComparison.OrdinalIgnoreCase) == true)
        || (request.Path.StartsWithSegments(CrmHub.Path) && request.Query.ContainsKey("access_token"));
}
