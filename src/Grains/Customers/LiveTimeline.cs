using SimpleCrm.Contracts.Activities;
using SimpleCrm.Grains.Activities;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Grains.Customers;

/// <summary>
/// The newest entries of one customer's timeline, in timeline order (newest first by occurred_at, then id), as the
/// customer's grain keeps them. The entries held are always the newest ones, with no gap: anything older than the
/// oldest held entry is read from SQL, so a page that goes on from memory into SQL neither repeats nor skips one.
/// </summary>
internal sealed class LiveTimeline
{
    /// <summary>How many entries stay in memory: about a screen of the customer page, and its first page.</summary>
    public const int Capacity = 50;

    private const int AnnouncedMemory = 256;

    private readonly List<TimelineEntry> entries = [];
    private readonly HashSet<long> announced = [];
    private readonly Queue<long> announcedOrder = new();

    /// <summary>True while the held entries are all there are (fewer than <see cref="Capacity"/> ever written).</summary>
    private bool complete = true;

    /// <summary>The highest entry id seen: entries written later have higher ids (one identity sequence).</summary>
    public long MaxSeenId { get; private set; }

    /// <summary>Replaces what is held with the newest entries read from SQL (at most <see cref="Capacity"/>).</summary>
    public void Load(IReadOnlyList<TimelineEntry> newest)
    {
        entries.Clear();
        entries.AddRange(newest);
        entries.Sort(TimelineEntry.Compare);
        complete = newest.Count < Capacity;
        MaxSeenId = Math.Max(MaxSeenId, newest.Count == 0 ? 0 : newest.Max(e => e.Id));
    }

    /// <summary>
    /// Records that the entry was pushed live. Entries loaded from SQL are held but were never pushed by this grain,
    /// so "held" and "pushed" are kept apart: the entry a writer reports is pushed once, even if the grain's
    /// activation already loaded it.
    /// </summary>
    /// <returns>false when it was pushed already.</returns>
    public bool Announce(long entryId)
    {
        if (!announced.Add(entryId))
        {
            return false;
        }

        announcedOrder.Enqueue(entryId);
        if (announcedOrder.Count > AnnouncedMemory)
        {
            announced.Remove(announcedOrder.Dequeue());
        }

        return true;
    }

    /// <summary>Held entries about <paramref name="entityId"/> that occurred at or after <paramref name="since"/>.</summary>
    public IEnumerable<TimelineEntry> About(Guid entityId, DateTimeOffset since) =>
        entries.Where(e => e.EntityId == entityId && e.OccurredAt >= since).OrderBy(e => e.Id).ToList();

    /// <returns>true when the entry was not known yet.</returns>
    public bool Add(TimelineEntry entry)
    {
        var known = entry.Id <= MaxSeenId && entries.Any(e => e.Id == entry.Id);
        if (known)
        {
            return false;
        }

        MaxSeenId = Math.Max(MaxSeenId, entry.Id);
        var position = entries.FindIndex(e => TimelineEntry.Compare(entry, e) < 0);
        if (position < 0)
        {
            if (!complete)
            {
                // Older than every held entry while older ones exist in SQL: it belongs to the part read from SQL.
                return true;
            }

            position = entries.Count;
        }

        entries.Insert(position, entry);
        if (entries.Count > Capacity)
        {
            entries.RemoveAt(entries.Count - 1);
            complete = false;
        }

        return true;
    }

    public RecentTimeline Snapshot() => new(entries.ToList(), complete);
}
