using Microsoft.Extensions.Logging;
using Orleans.Streams;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Activities;

namespace SimpleCrm.Grains.Customers;

/// <summary>
/// The customer grain's live timeline: the newest entries in memory (<see cref="LiveTimeline"/>), caught up from SQL
/// by entry id, and each new entry pushed once on the workspace's timeline stream. Owned by one customer grain, so
/// never called concurrently.
/// </summary>
internal sealed class CustomerTimelineFeed(
    WorkspaceId workspace,
    Guid customerId,
    TimelineQueries queries,
    Func<IAsyncStream<TimelineEntryAdded>> stream,
    Func<Guid?> owner,
    ILogger logger)
{
    private readonly LiveTimeline timeline = new();

    /// <summary>Where the catch-up skipped by <see cref="WrittenAsync"/> starts; null when none is owed.</summary>
    private long? catchUpFrom;

    public async Task LoadAsync(CancellationToken cancellationToken = default) =>
        timeline.Load(await queries.RecentAsync(workspace, customerId, LiveTimeline.Capacity, cancellationToken));

    /// <summary>What is held, after catching up with writers that do not tell the grain (consent records).</summary>
    public async Task<RecentTimeline> RecentAsync()
    {
        await CatchUpAsync(timeline.MaxSeenId);
        return timeline.Snapshot();
    }

    /// <summary>
    /// An order changed: its change wrote a timeline entry before telling the grain (if that call activated the grain,
    /// the activation loaded it already: push the order's recent entries not pushed yet).
    /// </summary>
    public async Task OrderChangedAsync(Guid orderId)
    {
        await CatchUpAsync(timeline.MaxSeenId);
        foreach (var entry in timeline.About(orderId, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1)))
        {
            await AnnounceAsync(entry);
        }
    }

    /// <summary>
    /// A writer (a note, a call, an order's change, a sent mail, a segment move) committed <paramref name="entry"/> and
    /// handed it over: kept and pushed without a read, so the writer's answer does not wait for one. Entries that
    /// writers which do not tell the grain committed meanwhile are caught up later, from before this one, at the next
    /// read of the timeline or the next catch-up — a burst of writes costs no read per write.
    /// </summary>
    public async Task WrittenAsync(TimelineEntry entry)
    {
        catchUpFrom ??= timeline.MaxSeenId;
        timeline.Add(entry);
        await AnnounceAsync(entry);
    }

    /// <summary>The entries were rewritten behind the grain (GDPR erasure): nothing held may keep the old text.</summary>
    public async Task ReloadAsync(bool customerExists)
    {
        var seen = timeline.MaxSeenId;
        timeline.Load(customerExists ? await queries.RecentAsync(workspace, customerId, LiveTimeline.Capacity) : []);
        foreach (var entry in timeline.Snapshot().Entries.Where(e => e.Id > seen).OrderBy(e => e.Id))
        {
            await AnnounceAsync(entry);
        }
    }

    /// <summary>
    /// Adds (and pushes) the committed entries with ids above <paramref name="afterId"/> (or above where a deferred
    /// catch-up starts, when lower) that are not held yet.
    /// </summary>
    private async Task CatchUpAsync(long afterId)
    {
        var from = Math.Min(afterId, catchUpFrom ?? afterId);
        var deferred = catchUpFrom is not null;
        IReadOnlyList<TimelineEntry> page;
        do
        {
            page = await queries.NewerThanAsync(workspace, customerId, from, LiveTimeline.Capacity);
            foreach (var entry in page)
            {
                timeline.Add(entry);
                await AnnounceAsync(entry);
                from = entry.Id;
            }
        }
        while (deferred && page.Count == LiveTimeline.Capacity);

        catchUpFrom = null;
    }

    /// <summary>Pushes the entry live, once. Best effort: the entry is committed already, and clients refetch on reconnect.</summary>
    private async Task AnnounceAsync(TimelineEntry entry)
    {
        if (!timeline.Announce(entry.Id))
        {
            return;
        }

        try
        {
            await stream().OnNextAsync(new TimelineEntryAdded(workspace, owner(), entry));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Live push of timeline entry {EntryId} of customer {CustomerId} failed", entry.Id, customerId);
        }
    }
}
