using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Contracts.Activities;

/// <summary>
/// One row of a customer's timeline (timeline_entries): something that happened to the customer, newest first by
/// (occurred_at, id). <see cref="DataJson"/> is the entry's JSON object, kept as text across the grain boundary.
/// </summary>
[GenerateSerializer, Immutable, Alias("crm.TimelineEntry")]
public sealed record TimelineEntry(
    [property: Id(0)] long Id,
    [property: Id(1)] Guid CustomerId,
    [property: Id(2)] DateTimeOffset OccurredAt,
    [property: Id(3)] string Kind,
    [property: Id(4)] Guid? EntityId,
    [property: Id(5)] string DataJson)
{
    /// <summary>The timeline's order: newest first, the id breaking ties. Negative when this entry comes first.</summary>
    public static int Compare(TimelineEntry a, TimelineEntry b)
    {
        var byTime = b.OccurredAt.UtcTicks.CompareTo(a.OccurredAt.UtcTicks);
        return byTime != 0 ? byTime : b.Id.CompareTo(a.Id);
    }
}

/// <summary>
/// The newest entries of a customer's timeline as the customer's grain holds them, in timeline order.
/// <see cref="IsComplete"/> is true when these are all the customer's entries (nothing older is in SQL).
/// </summary>
[GenerateSerializer, Immutable, Alias("crm.RecentTimeline")]
public sealed record RecentTimeline(
    [property: Id(0)] IReadOnlyList<TimelineEntry> Entries,
    [property: Id(1)] bool IsComplete);

/// <summary>The live event a customer's grain publishes when an entry was added to its timeline (after the commit).</summary>
[GenerateSerializer, Immutable, Alias("crm.TimelineEntryAdded")]
public sealed record TimelineEntryAdded(
    [property: Id(0)] WorkspaceId Workspace,
    [property: Id(1)] Guid? OwnerId,
    [property: Id(2)] TimelineEntry Entry);

/// <summary>A notification written for a team member (a task became due).</summary>
[GenerateSerializer, Immutable, Alias("crm.NotificationRecord")]
public sealed record NotificationRecord(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] string Kind,
    [property: Id(3)] string DataJson,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset? ReadAt);

/// <summary>The live event published when a notification was written (after the commit).</summary>
[GenerateSerializer, Immutable, Alias("crm.NotificationAdded")]
public sealed record NotificationAdded(
    [property: Id(0)] WorkspaceId Workspace,
    [property: Id(1)] NotificationRecord Notification);

/// <summary>Stream namespaces of activities and timelines; like customer changes, every stream is keyed by workspace id.</summary>
public static class ActivityStreams
{
    /// <summary>Timeline entries of every customer of the workspace (<see cref="TimelineEntryAdded"/>).</summary>
    public const string TimelineEntries = "timeline-entries";

    /// <summary>Notifications of every team member of the workspace (<see cref="NotificationAdded"/>).</summary>
    public const string Notifications = "notifications";
}
