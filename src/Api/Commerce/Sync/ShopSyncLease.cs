using SimpleCrm.Data.Commerce;

namespace SimpleCrm.Api.Commerce.Sync;

/// <summary>
/// This node's lease on one shop's sync while it runs. A keeper renews it every third of its length, on its own clock,
/// so slow pages or long waits on the shop never let it run out under a live node. Writes go through
/// <see cref="WriteAsync"/>, one at a time with the renewals, naming the lease they hold; when a renewal finds the lease
/// gone (it ran out and another node took the shop), <see cref="Token"/> is cancelled and the job stops.
/// </summary>
public sealed class ShopSyncLease : IAsyncDisposable
{
    private readonly CommerceSyncStore syncs;
    private readonly Guid shopId;
    private readonly TimeSpan length;
    private readonly ILogger logger;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly CancellationTokenSource job;
    private readonly CancellationTokenSource keeping = new();
    private readonly Task keeper;
    private DateTime held;

    public ShopSyncLease(CommerceSyncStore syncs, DueSync due, TimeSpan length, ILogger logger, CancellationToken stoppingToken)
    {
        (this.syncs, shopId, this.length, this.logger, held) = (syncs, due.ShopId, length, logger, due.LeasedUntil);
        job = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        keeper = KeepAsync();
    }

    /// <summary>Cancelled when the node stops or the lease is lost.</summary>
    public CancellationToken Token => job.Token;

    public bool IsLost { get; private set; }

    /// <summary>Runs a write that names the lease (and fails, writing nothing, when it is no longer this node's).</summary>
    public async Task WriteAsync(Func<DateTime, Task> write, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await write(held);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The last write, which ends the lease: no renewal follows it.</summary>
    public async Task EndAsync(Func<DateTime, Task> write)
    {
        await StopKeepingAsync();
        await write(held);
    }

    /// <summary>The node is stopping: the lease goes back so that another node resumes the job without waiting for it to run out.</summary>
    public async Task LetGoAsync()
    {
        await StopKeepingAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await syncs.LetGoAsync(shopId, held, timeout.Token);
        }
        catch (Exception e)
        {
            // Not fatal: the lease then runs out on its own.
            logger.LogInformation("Giving back the sync lease of shop {Shop} failed: {Error}", shopId, e.Message);
        }
    }

    private async Task KeepAsync()
    {
        using var timer = new PeriodicTimer(length / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(keeping.Token))
            {
                await gate.WaitAsync(keeping.Token);
                try
                {
                    // Not cancelled half-way: a renewal that committed unseen would leave this node a stale lease.
                    if (await syncs.RenewLeaseAsync(shopId, held, length, CancellationToken.None) is { } renewed)
                    {
                        held = renewed;
                        continue;
                    }

                    IsLost = true;
                    await job.CancelAsync();
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database is slow or away for a moment: the next tick tries again, well before the lease runs out.
                    logger.LogWarning("Renewing the sync lease of shop {Shop} failed: {Error}", shopId, e.Message);
                }
                finally
                {
                    gate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (keeping.IsCancellationRequested)
        {
        }
    }

    private async Task StopKeepingAsync()
    {
        await keeping.CancelAsync();
        await keeper;
    }

    public async ValueTask DisposeAsync()
    {
        await StopKeepingAsync();
        keeping.Dispose();
        job.Dispose();
        gate.Dispose();
    }
}
