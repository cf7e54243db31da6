using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Orleans.Streams;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Realtime;

/// <summary>
/// Forwards a workspace-wide stream (one stream per workspace, published by grains on any silo) to this node's
/// browsers of that workspace that see every customer (the workspace group: agents are not in it, since workspace
/// figures cover customers they cannot see). A node subscribes to a workspace's stream the first time one of its
/// pages is read from it, and keeps the subscription.
/// </summary>
/// <typeparam name="TEvent">What the grains publish.</typeparam>
public abstract class WorkspaceStreamRelay<TEvent>(IClusterClient cluster, IHubContext<CrmHub> hub, ILogger logger, string streamNamespace, string what)
{
    private readonly ConcurrentDictionary<WorkspaceId, Lazy<Task>> subscribed = new();

    public async Task EnsureSubscribedAsync(WorkspaceId workspace)
    {
        var subscription = subscribed.GetOrAdd(workspace, w => new Lazy<Task>(() => SubscribeAsync(w)));
        try
        {
            await subscription.Value;
        }
        catch
        {
            // Let the next read try again rather than caching the failure.
            subscribed.TryRemove(workspace, out _);
            throw;
        }
    }

    /// <summary>The workspace the event belongs to (checked against the stream's, so a stray event is never forwarded).</summary>
    protected abstract Guid WorkspaceOf(TEvent published);

    /// <summary>Sends the event to the workspace's browsers as its hub event.</summary>
    protected abstract Task ForwardAsync(IClientProxy browsers, TEvent published);

    private async Task SubscribeAsync(WorkspaceId workspace)
    {
        logger.LogInformation("Relaying {What} of workspace {Workspace}", what, workspace);
        await cluster.GetStreamProvider(CrmStreams.Provider)
            .GetStream<TEvent>(StreamId.Create(streamNamespace, workspace.Value))
            .SubscribeAsync((published, _) => WorkspaceOf(published) == workspace.Value
                ? ForwardAsync(hub.Clients.Group(CrmHub.WorkspaceGroup(workspace)), published)
                : Task.CompletedTask);
    }
}
