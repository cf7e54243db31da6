using System.Collections.Concurrent;

namespace SimpleCrm.Data.Fx;

/// <summary>
/// Remembers the rate found for each (currency, date) asked about, so converting an order's amount does not cost
/// database round trips on the ingestion path (up to four per order: its currency and USD, and the customer's).
/// The cache only answers while <see cref="FxRatesChangeListener"/> is listening for rate changes: every write to
/// fx_rates notifies on commit, and the notification empties the cache, so no process keeps a rate that another
/// process has replaced or a "no rate yet" that a refresh has since filled. Without a listener it is bypassed.
/// </summary>
public sealed class FxQuoteCache
{
    // Orders span years of dates in a few dozen currencies; past this many entries the cache starts over rather
    // than growing with the history.
    private const int MaxEntries = 200_000;

    private readonly ConcurrentDictionary<(string Currency, DateOnly Date), Entry> entries = new();
    private long generation;
    private volatile bool listening;

    /// <summary>True while changes are being listened for, which is the only time cached rates can be trusted.</summary>
    public bool IsActive => listening;

    /// <summary>The cached answer for the key (a found rate, or the knowledge that there is none); false when unknown.</summary>
    public bool TryGet(string currency, DateOnly date, out (DateOnly RateDate, decimal UnitsPerEur)? rate)
    {
        rate = null;
        if (!listening || !entries.TryGetValue((currency, date), out var entry))
        {
            return false;
        }

        rate = entry.Rate;
        return true;
    }

    /// <summary>
    /// Remembers what the database said, unless a change arrived since the caller read it (<paramref name="readInGeneration"/>
    /// is <see cref="Generation"/> taken before the read), in which case the answer may already be stale.
    /// </summary>
    public void Remember(string currency, DateOnly date, (DateOnly RateDate, decimal UnitsPerEur)? rate, long readInGeneration)
    {
        if (!listening || Interlocked.Read(ref generation) != readInGeneration)
        {
            return;
        }

        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[(currency, date)] = new Entry(rate);
        // A change that landed while this entry was written must not leave it behind.
        if (Interlocked.Read(ref generation) != readInGeneration)
        {
            entries.TryRemove((currency, date), out _);
        }
    }

    /// <summary>Taken before a database read; see <see cref="Remember"/>.</summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>Rates changed somewhere: forget everything.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
    }

    /// <summary>The listener is connected (true) or lost its connection (false, which also forgets everything).</summary>
    public void SetListening(bool value)
    {
        Invalidate();
        listening = value;
        Invalidate();
    }

    private sealed record Entry((DateOnly RateDate, decimal UnitsPerEur)? Rate);
}
