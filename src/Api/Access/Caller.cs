using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Access;

/// <summary>
/// Who is calling, resolved once per request from the access token or API key (<see cref="CallerResolution"/>).
/// The workspace comes only from here.
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
    public bool Can(Permission permission) => Permissions.Contains(permission);

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
