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

    /// <summary>A node running a sync holds it this long between checkpoints; a crashed node's sync resumes after it.</summary>
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
    Func<SyncJob, IReadOnlyList<SyncRecord>, CancellationToken, Task> save, Func<CancellationToken, Task> keepAlive)
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

    /// <summary>Renews the lease while waiting on the shop (a long bulk operation).</summary>
    public Task KeepAliveAsync(CancellationToken cancellationToken) => keepAlive(cancellationToken);
}

/// <summary>
/// Runs due shop syncs in the background, on every API node: each leases one shop at a time (a lease it renews at each
/// checkpoint), so a shop is synced by one node, and a node that dies leaves the job to be resumed from its checkpoint
/// once the lease runs out. Records go to the inbox and the drain applies them beside the webhooks, which never wait
/// for a sync: a shop that is down fails its own sync (status failed, with the error) and nothing else.
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
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var lease = TimeSpan.FromSeconds(options.Value.LeaseSeconds);
        if (await syncs.LeaseDueAsync(lease, cancellationToken) is not { } due)
        {
            return false;
        }

        var workspace = new WorkspaceId(due.WorkspaceId);
        var reconcile = TimeSpan.FromMinutes(options.Value.ReconcileMinutes);
        var shop = await shops.GetAsync(workspace, due.ShopId, cancellationToken);
        if (shop is null || shop.Status != "connected")
        {
            await syncs.ReleaseAsync(due.ShopId, null, cancellationToken);
            return true;
        }

        // A sync that is due without a job queued is the periodic reconciliation.
        var job = await syncs.GetAsync(workspace, shop.Id, cancellationToken);
        if (job is not { IsActive: true })
        {
            job = await syncs.QueueCatchUpAsync(workspace, shop.Id, cancellationToken) ?? job;
        }

        if (job is null)
        {
            await syncs.ReleaseAsync(shop.Id, reconcile, cancellationToken);
            return true;
        }

        await RunAsync(workspace, shop, job with { Status = "running" }, lease, cancellationToken);
        await syncs.ReleaseAsync(shop.Id, reconcile, cancellationToken);
        return true;
    }

    private async Task RunAsync(WorkspaceId workspace, CommerceShop shop, SyncJob job, TimeSpan lease, CancellationToken cancellationToken)
    {
        var context = new ShopSyncContext(
            shop,
            shop.AccessTokenProtected is { } t ? secrets.Unprotect(t) : null,
            shop.ConsumerKeyProtected is { } k ? secrets.Unprotect(k) : null,
            shop.ConsumerSecretProtected is { } s ? secrets.Unprotect(s) : null,
            job,
            async (next, records, ct) =>
            {
                await syncs.CheckpointAsync(workspace, next, records, ct);
                await syncs.RenewLeaseAsync(shop.Id, lease, ct);
                if (records.Count > 0)
                {
                    drain.Notify();
                }
            },
            ct => syncs.RenewLeaseAsync(shop.Id, lease, ct));
        try
        {
            await context.SaveAsync(job, [], cancellationToken);
            var platform = platforms.FirstOrDefault(p => p.Platform == shop.Platform) ?? throw new ShopApiException($"No sync for {shop.Platform} shops.");
            await platform.RunAsync(context, cancellationToken);
            var now = DateTimeOffset.UtcNow;
            await context.SaveAsync(context.Job with { Status = "succeeded", Phase = "done", Cursor = null, BulkOperationId = null, FinishedAt = now, LastSuccessAt = now, LastError = null }, [], cancellationToken);
            logger.LogInformation("Synced shop {Shop}: {Customers} customers, {Orders} orders, {Products} products", shop.Domain, context.Job.CustomersDone, context.Job.OrdersDone, context.Job.ProductsDone);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Syncing shop {Shop} failed: {Error}", shop.Domain, e.Message);
            var message = e is ShopApiException or SourceDataException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            await syncs.CheckpointAsync(workspace, context.Job with { Status = "failed", FinishedAt = DateTimeOffset.UtcNow, LastError = message[..Math.Min(message.Length, 2000)] }, [], CancellationToken.None);
        }
    }
}
