using Microsoft.Extensions.Options;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Commerce;

namespace SimpleCrm.Api.Commerce.Sync;

public sealed class ShopSyncOptions
{
    /// <summary>Off only for tests and maintenance: syncs stay queued.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>After a sync ends, a catch-up (reconciliation with the shop) is due this much later.</summary>
    public double ReconcileMinutes { get; set; } = 60;

    /// <summary>A node running a sync leases it this long, renewing every third of it; a crashed node's sync resumes once it runs out.</summary>
    public double LeaseSeconds { get; set; } = 120;

    /// <summary>How often the runner looks for due syncs when idle.</summary>
    public double PollSeconds { get; set; } = 2;
}

/// <summary>A platform's way of reading a shop (Shopify GraphQL, WooCommerce REST).</summary>
public interface IShopSync
{
    string Platform { get; }

    Task RunAsync(ShopSyncContext context, CancellationToken cancellationToken);
}

/// <summary>What a platform sync gets: the shop, its credentials in clear, the job, and how to checkpoint it.</summary>
public sealed class ShopSyncContext(
    CommerceShop shop, string? accessToken, string? consumerKey, string? consumerSecret, SyncJob job,
    Func<SyncJob, IReadOnlyList<SyncRecord>, CancellationToken, Task> save)
{
    public CommerceShop Shop => shop;

    public string? AccessToken => accessToken;

    public string? ConsumerKey => consumerKey;

    public string? ConsumerSecret => consumerSecret;

    public SyncJob Job { get; private set; } = job;

    /// <summary>Records the page in the inbox together with the job's new checkpoint and progress.</summary>
    public async Task<SyncJob> SaveAsync(SyncJob job, IReadOnlyList<SyncRecord> records, CancellationToken cancellationToken)
    {
        await save(job, records, cancellationToken);
        Job = job;
        return job;
    }
}

/// <summary>
/// Runs due shop syncs in the background, on every API node: each leases one shop at a time, so a shop is synced by one
/// node. The lease is renewed on its own clock, well inside its length, however long a page or a wait on the shop
/// takes; a node that dies leaves the job to be resumed from its checkpoint once the lease runs out, a node that stops
/// gives the lease back at once, and a node that lost its lease stops without writing. Records go to the inbox and the
/// drain applies them beside the webhooks, which never wait for a sync: a shop that is down fails its own sync (status
/// failed, with the error) and nothing else.
/// </summary>
public sealed class ShopSyncRunner(
    CommerceSyncStore syncs, CommerceShopStore shops, CommerceSecrets secrets, IEnumerable<IShopSync> platforms, CommerceDrainSignal drain,
    IOptions<ShopSyncOptions> options, ILogger<ShopSyncRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await RunOnceAsync(stoppingToken))
                {
                    await Task.Delay(TimeSpan.FromSeconds(options.Value.PollSeconds), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Looking for shop syncs failed; trying again shortly");
                await Task.Delay(TimeSpan.FromSeconds(options.Value.PollSeconds), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <returns>false when no sync was due.</returns>
    public async Task<bool> RunOnceAsync(CancellationToken stoppingToken)
    {
        var length = TimeSpan.FromSeconds(options.Value.LeaseSeconds);
        if (await syncs.LeaseDueAsync(length, stoppingToken) is not { } due)
        {
            return false;
        }

        await using var lease = new ShopSyncLease(syncs, due, length, logger, stoppingToken);
        try
        {
            await RunDueAsync(lease, due, lease.Token);
        }
        catch (Exception e) when (e is SyncLeaseLostException || (e is OperationCanceledException && lease.IsLost))
        {
            logger.LogWarning("The sync of shop {Shop} was taken over by another node after this one's lease ran out", due.ShopId);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await lease.LetGoAsync();
            throw;
        }

        return true;
    }

    private async Task RunDueAsync(ShopSyncLease lease, DueSync due, CancellationToken cancellationToken)
    {
        var workspace = new WorkspaceId(due.WorkspaceId);
        var reconcile = TimeSpan.FromMinutes(options.Value.ReconcileMinutes);
        var shop = await shops.GetAsync(workspace, due.ShopId, cancellationToken);
        if (shop is null || shop.Status != "connected")
        {
            await lease.EndAsync(held => syncs.ReleaseAsync(due.ShopId, held, null, cancellationToken));
            return;
        }

        var job = await syncs.GetAsync(workspace, shop.Id, cancellationToken);
        if (job is not { IsActive: true })
        {
            // Due without a job queued: the periodic reconciliation, counted from the last sync's finish, whatever
            // the due time said (a stale one must not start a catch-up right after a sync).
            if (job?.FinishedAt is { } finished && finished + reconcile > DateTimeOffset.UtcNow)
            {
                await lease.EndAsync(held => syncs.ReleaseAsync(shop.Id, held, finished + reconcile, cancellationToken));
                return;
            }

            job = await syncs.QueueCatchUpAsync(workspace, shop.Id, cancellationToken) ?? await syncs.GetAsync(workspace, shop.Id, cancellationToken);
        }

        if (job is not { IsActive: true })
        {
            await lease.EndAsync(held => syncs.ReleaseAsync(shop.Id, held, DateTimeOffset.UtcNow + reconcile, cancellationToken));
            return;
        }

        await RunAsync(workspace, shop, job with { Status = "running" }, lease, reconcile, cancellationToken);
    }

    private async Task RunAsync(WorkspaceId workspace, CommerceShop shop, SyncJob job, ShopSyncLease lease, TimeSpan reconcile, CancellationToken cancellationToken)
    {
        var context = new ShopSyncContext(
            shop,
            shop.AccessTokenProtected is { } t ? secrets.Unprotect(t) : null,
            shop.ConsumerKeyProtected is { } k ? secrets.Unprotect(k) : null,
            shop.ConsumerSecretProtected is { } s ? secrets.Unprotect(s) : null,
            job,
            async (next, records, ct) =>
            {
                await lease.WriteAsync(held => syncs.CheckpointAsync(workspace, next, records, held, null, ct), ct);
                if (records.Count > 0)
                {
                    drain.Notify();
                }
            });
        SyncJob finished;
        try
        {
            await context.SaveAsync(job, [], cancellationToken);
            var platform = platforms.FirstOrDefault(p => p.Platform == shop.Platform) ?? throw new ShopApiException($"No sync for {shop.Platform} shops.");
            await platform.RunAsync(context, cancellationToken);
            var now = DateTimeOffset.UtcNow;
            finished = context.Job with { Status = "succeeded", Phase = "done", Cursor = null, BulkOperationId = null, FinishedAt = now, LastSuccessAt = now, LastError = null };
        }
        catch (Exception e) when (e is not SyncLeaseLostException && (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("Syncing shop {Shop} failed: {Error}", shop.Domain, e.Message);
            var message = e is ShopApiException or SourceDataException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            finished = context.Job with { Status = "failed", FinishedAt = DateTimeOffset.UtcNow, LastError = message[..Math.Min(message.Length, 2000)] };
        }

        // The outcome, the lease's end and the next reconciliation in one transaction.
        await lease.EndAsync(held => syncs.CheckpointAsync(workspace, finished, [], held, reconcile, CancellationToken.None));
        if (finished.Status == "succeeded")
        {
            logger.LogInformation("Synced shop {Shop}: {Customers} customers, {Orders} orders, {Products} products", shop.Domain, finished.CustomersDone, finished.OrdersDone, finished.ProductsDone);
        }
    }
}
