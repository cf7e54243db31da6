using SimpleCrm.Api.Access;
using SimpleCrm.Api.Workspaces;

namespace SimpleCrm.Api.Operations;

/// <summary>
/// Endpoint metadata: only the CRM's operator may use it (cluster-wide metrics, the Orleans dashboard).
/// <paramref name="Scope"/>, when set, also lets in an API key of the operator's workspace with that scope.
/// </summary>
public sealed record OperatorOnly(string? Scope = null);

/// <summary>
/// Operator endpoints show every workspace's traffic, so a workspace's own admin is not enough: the operator is
/// an admin of the default workspace (the one the first admin was created in). <see cref="AccessControl"/> has
/// already resolved the caller, because these endpoints also require sign-in.
/// </summary>
public sealed class OperatorAccess(RequestDelegate next, DefaultWorkspace operatorWorkspace)
{
    public Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<OperatorOnly>() is not { } rule)
        {
            return next(http);
        }

        var caller = http.Items.TryGetValue(typeof(Caller), out var value) ? value as Caller : null;
        var operatorAdmin = caller is { Role: Roles.Admin, UserId: not null };
        var scopedKey = rule.Scope is { } scope && caller is { ApiKeyId: not null, ApiKeyScopes: { } scopes } && scopes.Contains(scope);
        if ((operatorAdmin || scopedKey) && caller!.Workspace == operatorWorkspace.Id)
        {
            return next(http);
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed",
                detail: "Only an admin of the operator's workspace may see cluster operations.",
                extensions: new Dictionary<string, object?> { ["request_id"] = http.TraceIdentifier })
            .ExecuteAsync(http);
    }
}
