using Microsoft.AspNetCore.SignalR;
using SimpleCrm.Api.Realtime;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Segments;

namespace SimpleCrm.Api.Segments;

/// <summary>
/// Forwards a workspace's segment member counts (pushed by the segment grains on any silo) to this node's browsers of
/// that workspace. A node subscribes once a segment list or page of the workspace has been read from it.
/// </summary>
public sealed class SegmentCountRelay(IClusterClient cluster, IHubContext<CrmHub> hub, ILogger<SegmentCountRelay> logger)
    : WorkspaceStreamRelay<SegmentCountChanged>(cluster, hub, logger, SegmentStreams.Counts, "segment counts")
{
    public const string SegmentCountChangedEvent = "SegmentCountChanged";

    protected override Guid WorkspaceOf(SegmentCountChanged published) => published.Workspace;

    protected override Task ForwardAsync(IClientProxy browsers, SegmentCountChanged published) =>
        browsers.SendAsync(SegmentCountChangedEvent, new SegmentCountPush(published.SegmentId, published.MemberCount));
}

/// <summary>The hub event's body: a segment and its member count now.</summary>
public sealed record SegmentCountPush(Guid SegmentId, long MemberCount);
