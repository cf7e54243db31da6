using Microsoft.Extensions.Caching.Memory;
using SimpleCrm.Data.Workspaces;
using SimpleCrm.Grains.Common;

namespace SimpleCrm.Api.Workspaces;

/// <summary>
/// Decides which workspace a request acts in, once, before any handler runs; handlers read it with
/// <see cref="WorkspaceHttpContextExtensions.Workspace"/>. Until sign-in exists (issue 4, where the token
/// carries the workspace) a request names it in the X-Workspace header (slug or id), else the default one.
/// </summary>
public sealed class WorkspaceResolution(WorkspaceDirectory directory, IMemoryCache cache, DefaultWorkspace defaultWorkspace) : IEndpointFilter
{
    public const string Header = "X-Workspace";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var requested = http.Request.Headers[Header].ToString();
        if (string.IsNullOrWhiteSpace(requested))
        {
            http.Items[typeof(WorkspaceId)] = defaultWorkspace.Id;
            return await next(context);
        }

        if (requested.Length > 64)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid workspace", detail: $"The {Header} header is too long.");
        }

        // Slug-to-id is immutable, so a short cache is safe on every node.
        var workspace = await cache.GetOrCreateAsync($"workspace:{requested}", entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
            return directory.FindAsync(requested, http.RequestAborted);
        });
        if (workspace is null)
        {
            cache.Remove($"workspace:{requested}");
            return TypedResults.Problem(statusCode: 404, title: "Unknown workspace", detail: $"No workspace '{requested}' exists.");
        }

        http.Items[typeof(WorkspaceId)] = workspace.WorkspaceId;
        return await next(context);
    }
}

public sealed record DefaultWorkspace(WorkspaceId Id, string Slug);

public static class WorkspaceHttpContextExtensions
{
    public static WorkspaceId Workspace(this HttpContext http) =>
        http.Items[typeof(WorkspaceId)] is WorkspaceId id
            ? id
            : throw new InvalidOperationException("The endpoint is not behind WorkspaceResolution.");
}
