using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Workspaces;

/// <summary>
/// The workspace a request acts in. It comes only from the caller's token or API key; <see
/// cref="Access.AccessControl"/> puts it on the request before any handler or hub runs.
/// </summary>
public static class WorkspaceHttpContextExtensions
{
    public static WorkspaceId Workspace(this HttpContext http) =>
        http.Items[typeof(WorkspaceId)] is WorkspaceId id
            ? id
            : throw new InvalidOperationException("The endpoint is not behind sign-in (AccessControl).");
}

/// <summary>The workspace the first admin (and ./crm up's demo data) lives in.</summary>
public sealed record DefaultWorkspace(WorkspaceId Id, string Slug);
