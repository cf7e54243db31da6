using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SimpleCrm.Data.Identity;
using SimpleCrm.Contracts.Access;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Access;

public sealed class RateLimitOptions
{
    /// <summary>Requests per hour per user, per API key, and per address for sign-in endpoints.</summary>
    public int PerHour { get; set; } = 1000;
}

/// <summary>
/// The one door every API request and hub connection passes. For an endpoint that needs a caller it resolves
/// the <see cref="Caller"/> from the validated token or key (checking the session is still live), checks the
/// endpoint's permission, and counts the request against the caller's budget. Endpoints without access
/// metadata under /api are refused (AuthorizationMatrixTests fails on them first).
/// </summary>
public sealed class AccessControl(RequestDelegate next, IMemoryCache cache, IOptionsMonitor<RateLimitOptions> limits, ILogger<AccessControl> logger)
{
    public async Task InvokeAsync(HttpContext http, SessionStore sessions, RateBudgets budgets)
    {
        var endpoint = http.GetEndpoint();
        if (endpoint is null)
        {
            await next(http);
            return;
        }

        var permission = endpoint.Metadata.GetMetadata<RequiresPermission>();
        var signedIn = endpoint.Metadata.GetMetadata<SignedIn>();
        var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
        if (anonymous || (permission is null && signedIn is null))
        {
            if (anonymous && (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/t")) && !await WithinBudgetAsync(http, budgets, $"ip:{http.Connection.RemoteIpAddress}"))
            {
                return;
            }

            if (!anonymous && http.Request.Path.StartsWithSegments("/api/v1"))
            {
                logger.LogError("Endpoint {Endpoint} has no access rule; refusing it.", endpoint.DisplayName);
                await Problem(http, 403, "No access rule", "This endpoint has no access rule.");
                return;
            }

            await next(http);
            return;
        }

        var caller = await ResolveAsync(http.User, sessions, http.RequestAborted);
        if (caller is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await Problem(http, 401, "Sign-in required", "Send a valid access token (Authorization: Bearer) or API key (X-Api-Key).");
            return;
        }

        if (caller.Permissions.Count == 0 && caller.UserId is not null && signedIn is not { AllowedBeforeMfaSetup: true } && IsMfaSetupPending(http.User))
        {
            await Problem(http, 403, "Multi-factor authentication required", "This workspace requires MFA: set it up under your profile first.");
            return;
        }

        if (permission is not null && !caller.Can(permission.Permission))
        {
            await Problem(http, 403, "Not allowed", $"Your role does not allow this ({permission.Permission.Name()}).");
            return;
        }

        caller = caller with { RequestId = http.TraceIdentifier, RemoteAddress = http.Connection.RemoteIpAddress?.ToString() };
        http.Items[typeof(Caller)] = caller;
        http.Items[typeof(WorkspaceId)] = caller.Workspace;
        if (await WithinBudgetAsync(http, budgets, caller.Actor))
        {
            await next(http);
        }
    }

    private async Task<Caller?> ResolveAsync(ClaimsPrincipal principal, SessionStore sessions, CancellationToken cancellationToken)
    {
        if (principal.Identity?.IsAuthenticated != true || !Guid.TryParse(principal.FindFirstValue(AccessTokens.WorkspaceClaim), out var workspace))
        {
            return null;
        }

        if (Guid.TryParse(principal.FindFirstValue(ApiKeyAuthentication.KeyIdClaim), out var keyId))
        {
            var scopes = principal.FindAll(ApiKeyAuthentication.ScopeClaim).Select(c => c.Value).ToList();
            return new Caller(new WorkspaceId(workspace), null, keyId, null, "api_key", Permissions.ForScopes(scopes), scopes);
        }

        if (AccessTokens.UserId(principal) is not { } userId
            || !Guid.TryParse(principal.FindFirstValue(AccessTokens.SessionClaim), out var sessionId)
            || principal.FindFirstValue(AccessTokens.RoleClaim) is not { } role)
        {
            return null;
        }

        // A revoked session (sign-out everywhere, deactivation, stolen refresh token) stops its access tokens
        // within seconds on every node, not only when they expire.
        var live = await cache.GetOrCreateAsync($"session-live:{sessionId}", entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(5);
            return sessions.IsActiveAsync(sessionId, cancellationToken);
        });
        if (!live)
        {
            return null;
        }

        var permissions = IsMfaSetupPending(principal) ? new HashSet<Permission>() : Permissions.ForRole(role);
        return new Caller(new WorkspaceId(workspace), userId, null, sessionId, role, permissions);
    }

    private static bool IsMfaSetupPending(ClaimsPrincipal principal) => principal.FindFirstValue(AccessTokens.MfaSetupClaim) is "true" or "True";

    private async Task<bool> WithinBudgetAsync(HttpContext http, RateBudgets budgets, string key)
    {
        var decision = await budgets.TakeAsync(key, limits.CurrentValue.PerHour, TimeSpan.FromHours(1));
        var reset = Math.Max(0, (int)Math.Ceiling((decision.ResetsAt - DateTimeOffset.UtcNow).TotalSeconds));
        http.Response.Headers["RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
        if (decision.Allowed)
        {
            return true;
        }

        http.Response.Headers.RetryAfter = reset.ToString(CultureInfo.InvariantCulture);
        await Problem(http, 429, "Too many requests", $"The limit is {decision.Limit} requests per hour; try again in {reset} seconds.");
        return false;
    }

    private static Task Problem(HttpContext http, int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: new Dictionary<string, object?> { ["request_id"] = http.TraceIdentifier })
            .ExecuteAsync(http);
}
