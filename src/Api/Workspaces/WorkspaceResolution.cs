using Microsoft.Extensions.Caching.Memory;
using SimpleCrm.Data.Workspaces;
using SimpleCrm.Grains.Common;

namespace SimpleCrm.Api.Workspaces;

/// <summary>
/// Decides which workspace a request acts in, once, before any handler or hub runs; they read it with
/// <see cref="WorkspaceHttpContextExtensions.Workspace"/>. Until sign-in exists (issue 4, where the token
/// carries the workspace) a request names it in the X-Workspace header or the workspace query parameter
/// (slug or id; browsers cannot set headers on WebSockets), else it acts in the default workspace.
/// </summary>
public sealed class WorkspaceResolution(WorkspaceDirectory directory, IMemoryCache cache, DefaultWorkspace defaultWorkspace) : IEndpointFilter
{
    public const string Header = "X-Workspace";
    public const string QueryParameter = "workspace";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        await ResolveAsync(context.HttpContext) is { } problem ? problem : await next(context);

    /// <summary>Middleware form, for the SignalR hub, whose connections do not pass endpoint filters.</summary>
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (await ResolveAsync(http) is { } problem)
        {
            await problem.ExecuteAsync(http);
            return;
        }

        await next(http);
    }

    /// <returns>null when resolved (and stored on the request), else the problem to answer with.</returns>
    private async Task<IResult?> ResolveAsync(HttpContext http)
    {
        var requested = http.Request.Headers[Header].ToString();
        if (string.IsNullOrWhiteSpace(requested))
        {
            requested = http.Request.Query[QueryParameter].ToString();
        }

        if (string.IsNullOrWhiteSpace(requested))
        {
            http.Items[typeof(WorkspaceId)] = defaultWorkspace.Id;
            return null;
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
        return null;
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
