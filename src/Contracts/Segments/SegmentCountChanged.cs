namespace SimpleCrm.Contracts.Segments;

/// <summary>A segment's member count after its members moved, pushed to the workspace's screens (coalesced by the segment grain).</summary>
[GenerateSerializer, Immutable, Alias("crm.SegmentCountChanged")]
public sealed record SegmentCountChanged([property: Id(0)] Guid Workspace, [property: Id(1)] Guid SegmentId, [property: Id(2)] long MemberCount);

public static class SegmentStreams
{
    /// <summary>Stream namespace of <see cref="SegmentCountChanged"/>, keyed by workspace.</summary>
    public const string Counts = "segment-counts";
}
