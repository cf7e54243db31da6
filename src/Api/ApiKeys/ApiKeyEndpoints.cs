using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Auth;
using SimpleCrm.Data.Audit;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Data.Identity;

namespace SimpleCrm.Api.ApiKeys;

public sealed record ApiKeyView(Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, Guid? CreatedBy, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyView From(ApiKeyRow k) => new(k.Id, k.Name, k.Prefix, k.Scopes, k.CreatedAt, k.CreatedBy, k.LastUsedAt, k.RevokedAt);
}

public sealed record CreatedApiKey(Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, string Key);

public sealed record ApiKeyList(IReadOnlyList<ApiKeyView> Items);

public sealed record NewApiKey(string? Name, IReadOnlyList<string>? Scopes);

/// <summary>Integration keys: scoped, shown once, stored hashed, revocable.</summary>
public static class ApiKeyEndpoints
{
    public static void MapApiKeys(this RouteGroupBuilder api)
    {
        var keys = api.MapResource("/api-keys", "API keys").RequirePermission(Permission.ApiKeysManage);
        keys.MapGet("/", ListAsync).WithSummary("List API keys (never the keys themselves)");
        keys.MapPost("/", CreateAsync).WithSummary("Create a key: the answer is the only time it is shown");
        keys.MapDelete("/{id:guid}", RevokeAsync).WithSummary("Revoke a key");
    }

    private static async Task<Ok<ApiKeyList>> ListAsync(Caller caller, ApiKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ApiKeyList((await keys.ListAsync(caller.Workspace.Value, cancellationToken)).Select(ApiKeyView.From).ToList()));

    private static async Task<Results<Created<CreatedApiKey>, ValidationProblem>> CreateAsync(NewApiKey body, Caller caller, ApiKeyStore keys, AuditLog audit,
        Workspaces.DefaultWorkspace operatorWorkspace, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 100)
        {
            return AuthEndpoints.Invalid("name", "A name of 1 to 100 characters is required.");
        }

        var unknown = (body.Scopes ?? []).Where(s => !Permissions.Scopes.ContainsKey(s)).ToList();
        if (body.Scopes is not { Count: > 0 } || unknown.Count > 0)
        {
            return AuthEndpoints.Invalid("scopes", $"Give one or more of: {string.Join(", ", Permissions.Scopes.Keys)}" + (unknown.Count > 0 ? $" (unknown: {string.Join(", ", unknown)})." : "."));
        }

        if (body.Scopes.Contains(Permissions.OpsMetricsScope) && caller.Workspace != operatorWorkspace.Id)
        {
            // Metrics show every workspace's traffic: only the operator's workspace may hand out that scope.
            return AuthEndpoints.Invalid("scopes", $"{Permissions.OpsMetricsScope} is only for keys of the operator's workspace.");
        }

        var key = ApiKeyAuthentication.KeyPrefix + Secrets.NewToken();
        var row = await keys.CreateAsync(caller.Workspace.Value, body.Name.Trim(), key[..12], Secrets.Hash(key), body.Scopes.Distinct().ToList(), caller.UserId, cancellationToken);
        await audit.RecordAsync(caller.Workspace, caller.Change, "create", "api_key", row.Id, new { row.Name, row.Scopes }, cancellationToken);
        return TypedResults.Created($"/api/v1/api-keys/{row.Id}", new CreatedApiKey(row.Id, row.Name, row.Prefix, row.Scopes, row.CreatedAt, key));
    }

    private static async Task<Results<NoContent, NotFound>> RevokeAsync(Guid id, Caller caller, ApiKeyStore keys, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!await keys.RevokeAsync(caller.Workspace.Value, id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(caller.Workspace, caller.Change, "delete", "api_key", id, null, cancellationToken);
        return TypedResults.NoContent();
    }
}
