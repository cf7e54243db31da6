using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using SimpleCrm.Contracts.Analytics;

namespace SimpleCrm.Grains.Analytics;

/// <summary>
/// The first stage of live revenue: one local activation per silo and workspace gathers the facts of the orders
/// written on this silo (the newest per order) and flushes them to each day's grain every <see cref="FlushEvery"/>.
/// No grain hears every order of a busy workspace one call at a time.
/// </summary>
[StatelessWorker(1)]
public sealed class RevenueAccumulatorGrain(ILogger<RevenueAccumulatorGrain> logger) : Grain, IRevenueAccumulatorGrain
{
    public static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(200);

    private Dictionary<Guid, RevenueFact> pending = [];
    private IGrainTimer? timer;

    public Task AddAsync(RevenueFact fact)
    {
        if (!pending.TryGetValue(fact.OrderId, out var known) || known.Version < fact.Version)
        {
            pending[fact.OrderId] = fact;
        }

        timer ??= this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(FlushEvery, FlushEvery) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            // Idle: stop ticking until the next fact.
            timer?.Dispose();
            timer = null;
            return;
        }

        var batch = pending;
        pending = [];
        var workspace = this.GetPrimaryKey();
        await Task.WhenAll(batch.Values.GroupBy(f => f.Day).Select(async day =>
        {
            try
            {
                await GrainFactory.GetGrain<IRevenueDayGrain>(workspace, day.Key).ApplyAsync(day.ToList());
            }
            catch (Exception e)
            {
                // The day grain recomputes from orders when it next wakes; until then its figures miss these orders' changes.
                logger.LogWarning(e, "Revenue of {Workspace} on {Day} missed {Count} order changes", workspace, day.Key, day.Count());
            }
        }));
    }
}
