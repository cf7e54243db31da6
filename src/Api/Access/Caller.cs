using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Access;

/// <summary>
/// Who is calling, resolved once per request from the access token or API key by <see cref="AccessControl"/>.
/// The workspace comes only from here. Handlers take it as a parameter (<see cref="BindAsync"/>).
/// </summary>
public sealed record Caller(
    WorkspaceId Workspace,
    Guid? UserId,
    Guid? ApiKeyId,
    Guid? SessionId,
    string Role,
    IReadOnlySet<Permission> Permissions,
    IReadOnlyList<string>? ApiKeyScopes = null)
{
    /// <summary>The request's id (its trace identifier), for audit rows; set by AccessControl.</summary>
    public string? RequestId { get; init; }

    /// <summary>The address the request came from, for audit rows; set by AccessControl.</summary>
    public string? RemoteAddress { get; init; }

    /// <summary>The Idempotency-Key this request claimed, if it sent one; set by the idempotent-retries middleware.</summary>
    public IdempotencyKeyClaim? IdempotencyKey { get; init; }

    public bool Can(Permission permission) => Permissions.Contains(permission);

    /// <summary>Who and where a change comes from, for its audit row.</summary>
    public ChangeContext Change => new(Actor, RequestId, RemoteAddress, IdempotencyKey);

    /// <summary>
    /// Lets a minimal API handler take the caller as a parameter. Only endpoints behind sign-in take one, so a
    /// missing caller is a wiring mistake, as with <see cref="CallerHttpContextExtensions.Caller"/>. A custom
    /// binder is not a request parameter, so it adds nothing to the OpenAPI document.
    /// </summary>
    public static ValueTask<Caller?> BindAsync(HttpContext http) => ValueTask.FromResult<Caller?>(http.Caller());

    /// <summary>Agents reach only the customers assigned to them; null means every customer.</summary>
    public Guid? AssignedTo => Role == Roles.Agent ? UserId : null;

    /// <summary>How the audit log names this caller ("user:&lt;id&gt;" or "api_key:&lt;id&gt;").</summary>
    public string Actor => UserId is { } user ? $"user:{user}" : $"api_key:{ApiKeyId}";

    /// <summary>Whether a customer with this owner is visible to the caller.</summary>
    public bool Sees(Guid? customerOwner) => AssignedTo is not { } me || customerOwner == me;
}

public static class CallerHttpContextExtensions
{
    /// <summary>The signed-in caller; only endpoints that require sign-in (every /api/v1 one but sign-in) call this.</summary>
    public static Caller Caller(this HttpContext http) =>
        http.Items[typeof(Caller)] as Caller ?? throw new InvalidOperationException("No caller: the endpoint is not behind sign-in.");

    public static Caller? CallerOrNull(this HttpContext http) => http.Items[typeof(Caller)] as Caller;
}
