using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SimpleCrm.Api.Problems;
using SimpleCrm.Data.Commerce;
using SimpleCrm.Data.Signals;

namespace SimpleCrm.Api.Commerce;

public sealed class CommerceDrainOptions
{
    /// <summary>Off only for tests and maintenance: webhooks are still received and wait in the inbox.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Events claimed per transaction.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Entities applied at once within a batch (each entity's events in order, one after another). The grains' writes
    /// are committed in groups across entities, so more at once means larger groups and fewer transactions per event.
    /// </summary>
    public int Parallelism { get; set; } = 64;

    /// <summary>
    /// Batches a node applies at once, each over its own share of the entities: while one batch waits for its last
    /// entities, the other keeps the grains busy.
    /// </summary>
    public int Rounds { get; set; } = 2;

    /// <summary>A failed event's first retry waits this long, each further one twice as long (2, 4, 8, 16 s).</summary>
    public double RetryDelaySeconds { get; set; } = 2;
}

/// <summary>The receiver's nudge: an event was committed, drain now rather than at the next poll.</summary>
public sealed class CommerceDrainSignal : WakeSignal;

/// <summary>
/// Applies inbox events in the background, on every API node. Each round claims a batch (FOR UPDATE SKIP LOCKED, so
/// nodes share the work), applies it grouped by entity — entities in parallel, each entity's events in arrival
/// order — and records every outcome in the same transaction that holds the claim. A crash before that commit leaves
/// the events pending for the next round; applying them again is harmless, so each takes effect once. A node runs
/// <see cref="CommerceDrainOptions.Rounds"/> rounds at once, each claiming only its own share of the entities, so no
/// entity's events are ever split between two of them.
/// </summary>
public sealed class CommerceDrain(
    CommerceInbox inbox, CommerceShopStore shops, CommerceEventApplier applier, CommerceDrainSignal signal, IOptions<CommerceDrainOptions> options, ILogger<CommerceDrain> logger)
    : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    /// <summary>How long applied events are kept (for dedup and the counts); see <see cref="CommerceInbox.ForgetProcessedAsync"/>.</summary>
    public static readonly TimeSpan KeepProcessed = TimeSpan.FromDays(7);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var rounds = Math.Max(1, options.Value.Rounds);
        var wakes = Enumerable.Range(0, rounds).Select(_ => new WakeSignal()).ToArray();
        await Task.WhenAll(Enumerable.Range(0, rounds).Select(round => Task.Run(() => DrainAsync(round, rounds, wakes[round], stoppingToken), CancellationToken.None))
            .Append(Task.Run(() => ForwardWakesAsync(wakes, stoppingToken), CancellationToken.None))
            .Append(Task.Run(() => ForgetProcessedAsync(stoppingToken), CancellationToken.None)));
    }

    /// <summary>The receiver's nudge goes to every round: the new event may be any round's.</summary>
    private async Task ForwardWakesAsync(WakeSignal[] wakes, CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await signal.WaitAsync(IdlePoll, stoppingToken);
                foreach (var wake in wakes)
                {
                    wake.Notify();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down, as the rounds do.
        }
    }

    private async Task DrainAsync(int round, int rounds, WakeSignal wake, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(round, rounds, stoppingToken) == 0)
                {
                    await wake.WaitAsync(IdlePoll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Draining the commerce inbox failed; trying again shortly");
                await Task.Delay(IdlePoll, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task ForgetProcessedAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await inbox.ForgetProcessedAsync(KeepProcessed, stoppingToken);
                await Task.Delay(TimeSpan.FromHours(1), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Forgetting applied commerce events failed; trying again shortly");
                await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <returns>How many events the round handled.</returns>
    public async Task<int> RunOnceAsync(int round, int rounds, CancellationToken cancellationToken)
    {
        await using var batch = await inbox.ClaimAsync(options.Value.BatchSize, round, rounds, cancellationToken);
        if (batch is null)
        {
            return 0;
        }

        var shopsById = new ConcurrentDictionary<Guid, Task<CommerceShop?>>();
        var outcomes = new ConcurrentBag<InboxOutcome>();
        var entities = batch.Events.GroupBy(e => (e.ShopId, e.EntityKey)).Select(g => g.OrderBy(e => e.Id).ToList());
        await Parallel.ForEachAsync(entities, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken }, (events, ct) =>
            new ValueTask(ApplyInOrderAsync(events, async (e, token) =>
            {
                var shop = await shopsById.GetOrAdd(e.ShopId, id => shops.GetAsync(new(e.WorkspaceId), id, token))
                    ?? throw new SourceDataException($"Shop {e.ShopId} is no longer connected.");
                await applier.ApplyAsync(e, shop, token);
            }, outcomes, logger, ct)));

        await batch.CompleteAsync(outcomes, options.Value.RetryDelaySeconds, cancellationToken);
        return batch.Events.Count;
    }

    /// <summary>
    /// Applies one entity's events in arrival order, adding each one's outcome. After an outage (the cluster or the
    /// database, see <see cref="ClusterFaults"/>) the entity's later events are not tried: they would fail in turn
    /// against the same outage, and applied without the earlier one they would run out of order. They are recorded as
    /// outage failures, which are retried and never count towards the dead-letter limit.
    /// </summary>
    public static async Task ApplyInOrderAsync(
        IReadOnlyList<InboxEvent> events, Func<InboxEvent, CancellationToken, Task> apply, ConcurrentBag<InboxOutcome> outcomes, ILogger logger, CancellationToken cancellationToken)
    {
        string? outage = null;
        foreach (var e in events)
        {
            if (outage is not null)
            {
                outcomes.Add(new InboxOutcome(e.Id, $"Not tried: {outage}", Transient: true));
                continue;
            }

            try
            {
                await apply(e, cancellationToken);
                outcomes.Add(new InboxOutcome(e.Id, null));
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation("Commerce event {EventId} ({Topic}) failed on attempt {Attempt}: {Error}", e.Id, e.Topic, e.Attempts + 1, error.Message);
                var transient = ClusterFaults.IsUnavailable(error);
                outcomes.Add(new InboxOutcome(e.Id, $"{error.GetType().Name}: {error.Message}", transient));
                if (transient)
                {
                    outage = $"event {e.Id} of the same entity met an outage ({error.GetType().Name})";
                }
            }
        }
    }
}
