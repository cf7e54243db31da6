using SimpleCrm.Contracts.Analytics;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Analytics;

namespace SimpleCrm.Grains.Analytics;

/// <summary>
/// The second stage: a workspace's revenue of one UTC day per country and currency. It wakes with the newest fact of
/// each of the day's orders read from the orders table (so nothing lost before heals), keeps the newest version per
/// order as the accumulators' batches arrive, writes the day's rows and pushes them to the workspace's dashboards.
/// </summary>
public sealed class RevenueDayGrain(RevenueDailyStore store) : Grain, IRevenueDayGrain
{
    private WorkspaceId workspace;
    private string day = "";
    private readonly Dictionary<Guid, RevenueFact> facts = [];
    private readonly Dictionary<(string Day, string CountryCode, string Currency), RevenueCell> cells = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        workspace = new WorkspaceId(this.GetPrimaryKey(out var extension));
        day = extension ?? throw new InvalidOperationException("A revenue day grain's key must carry its day.");
        foreach (var fact in await store.FactsAsync(workspace, day, cancellationToken))
        {
            Apply(fact);
        }

        await store.ReplaceDayAsync(workspace, day, Sorted(), cancellationToken);
    }

    public Task<IReadOnlyList<RevenueCell>> GetAsync() => Task.FromResult<IReadOnlyList<RevenueCell>>(Sorted());

    public async Task ApplyAsync(IReadOnlyList<RevenueFact> batch)
    {
        var changed = false;
        foreach (var fact in batch.Where(f => f.Day == day))
        {
            changed |= Apply(fact);
        }

        if (!changed)
        {
            return;
        }

        var now = Sorted();
        await store.ReplaceDayAsync(workspace, day, now);
        await this.GetStreamProvider(CrmStreams.Provider)
            .GetStream<RevenueChanged>(StreamId.Create(AnalyticsStreams.Revenue, workspace.Value))
            .OnNextAsync(new RevenueChanged(workspace.Value, day, now));
    }

    /// <returns>false when the grain already knows this version of the order or a newer one.</returns>
    private bool Apply(RevenueFact fact)
    {
        if (facts.TryGetValue(fact.OrderId, out var known))
        {
            if (known.Version >= fact.Version)
            {
                return false;
            }

            Add(known.Cell?.Negated());
        }

        facts[fact.OrderId] = fact;
        Add(fact.Cell);
        return true;
    }

    private void Add(RevenueCell? change)
    {
        if (change is null)
        {
            return;
        }

        var sum = cells.TryGetValue(change.Key, out var cell) ? cell.Plus(change) : change;
        if (sum.IsEmpty)
        {
            cells.Remove(change.Key);
        }
        else
        {
            cells[change.Key] = sum;
        }
    }

    private List<RevenueCell> Sorted() => cells.Values.OrderBy(c => c.CountryCode, StringComparer.Ordinal).ThenBy(c => c.Currency, StringComparer.Ordinal).ToList();
}
