using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Orleans.Streams;
using SimpleCrm.Api.Realtime;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Segments;

namespace SimpleCrm.Api.Segments;

/// <summary>
/// Forwards a workspace's segment member counts (pushed by the segment grains on any silo) to this node's browsers of
/// that workspace that see every customer (the workspace group: an agent's counts would cover customers they cannot
/// see). A node subscribes once a segment list or page of the workspace has been read from it.
/// </summary>
public sealed class SegmentCountRelay(IClusterClient cluster, IHubContext<CrmHub> hub, ILogger<SegmentCountRelay> logger)
{
    public const string SegmentCountChangedEvent = "SegmentCountChanged";

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

    private async Task SubscribeAsync(WorkspaceId workspace)
    {
        logger.LogInformation("Relaying segment counts of workspace {Workspace}", workspace);
        await cluster.GetStreamProvider(CrmStreams.Provider)
            .GetStream<SegmentCountChanged>(StreamId.Create(SegmentStreams.Counts, workspace.Value))
            .SubscribeAsync((changed, _) => changed.Workspace == workspace.Value
                ? hub.Clients.Group(CrmHub.WorkspaceGroup(workspace)).SendAsync(SegmentCountChangedEvent, new SegmentCountPush(changed.SegmentId, changed.MemberCount))
                : Task.CompletedTask);
    }
}

/// <summary>The hub event's body: a segment and its member count now.</summary>
public sealed record SegmentCountPush(Guid SegmentId, long MemberCount);
