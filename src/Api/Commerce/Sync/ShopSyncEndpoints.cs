using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Http.Resilience;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Api.Problems;
using SimpleCrm.Data.Audit;
using SimpleCrm.Data.Commerce;

namespace SimpleCrm.Api.Commerce.Sync;

/// <summary>
/// A shop's sync as the API shows it. <paramref name="Status"/> is idle (never synced), queued, running, succeeded or
/// failed (then <paramref name="LastError"/> says why); <paramref name="Percent"/> and <paramref name="EtaSeconds"/>
/// are null until the shop has said how many records it holds and the sync has made some progress.
/// </summary>
public sealed record SyncView(
    Guid ShopId, string Status, string? Kind, string? Phase, long Customers, long Orders, long Products, long Done, long Total, int? Percent, long? EtaSeconds,
    DateTimeOffset? StartedAt, DateTimeOffset? UpdatedAt, DateTimeOffset? FinishedAt, DateTimeOffset? LastSuccessAt, string? LastError)
{
    public static SyncView Of(Guid shopId, SyncJob? job)
    {
        if (job is null)
        {
            return new(shopId, "idle", null, null, 0, 0, 0, 0, 0, null, null, null, null, null, null, null);
        }

        int? percent = job.Status == "succeeded" ? 100 : job.Total > 0 ? (int)Math.Min(99, job.Done * 100 / job.Total) : null;
        long? eta = null;
        // The rate so far, measured up to now: a checkpoint's time may equal the start's (both are transaction
        // times), and a sync that stalls should see its estimate grow rather than stand still.
        var elapsed = Math.Max(1, (DateTimeOffset.UtcNow - job.StartedAt).TotalSeconds);
        if (job.Status == "running" && job.Total > 0 && job.Done >= job.Total)
        {
            eta = 0; // everything counted, the job is finishing (the last checkpoint, the reconciliation)
        }
        else if (job.Status == "running" && job.Done > 0 && job.Total > job.Done)
        {
            eta = (long)Math.Ceiling((job.Total - job.Done) / (job.Done / elapsed));
        }

        return new(shopId, job.Status, job.Kind, job.Phase, job.CustomersDone, job.OrdersDone, job.ProductsDone, job.Done, job.Total, percent, eta,
            job.StartedAt, job.UpdatedAt, job.FinishedAt, job.LastSuccessAt, job.LastError);
    }
}

public sealed record SyncList(IReadOnlyList<SyncView> Items);

/// <summary>Backfill and reconciliation of a connected shop: start one, and read its progress.</summary>
public static class ShopSyncEndpoints
{
    public static void MapShopSync(this RouteGroupBuilder api)
    {
        var syncs = api.MapResource("/integrations", "Integrations", 404, 409).RequirePermission(Permission.IntegrationsManage);
        syncs.MapGet("/syncs", ListAsync).WithSummary("Every connected shop's sync status and progress");
        syncs.MapGet("/{id:guid}/sync", GetAsync).WithSummary("A shop's sync: status, counts, percentage, ETA, last sync, last error");
        syncs.MapPost("/{id:guid}/sync", StartAsync)
            .WithSummary("Sync the shop now: everything the first time, then what changed since the last sync; 409 while one is queued or running");
        api.MapShopifyInstall();
    }

    private static async Task<Ok<SyncList>> ListAsync(Caller caller, CommerceShopStore shops, CommerceSyncStore syncs, CancellationToken cancellationToken)
    {
        var jobs = (await syncs.ListAsync(caller.Workspace, cancellationToken)).ToDictionary(j => j.ShopId);
        var items = (await shops.ListAsync(caller.Workspace, cancellationToken)).Select(s => SyncView.Of(s.Id, jobs.GetValueOrDefault(s.Id))).ToList();
        return TypedResults.Ok(new SyncList(items));
    }

    private static async Task<Results<Ok<SyncView>, ProblemHttpResult>> GetAsync(Guid id, Caller caller, CommerceShopStore shops, CommerceSyncStore syncs, CancellationToken cancellationToken)
    {
        if (await shops.GetAsync(caller.Workspace, id, cancellationToken) is null)
        {
            return Problem.NotFound("Integration", id);
        }

        return TypedResults.Ok(SyncView.Of(id, await syncs.GetAsync(caller.Workspace, id, cancellationToken)));
    }

    private static async Task<Results<Accepted<SyncView>, ProblemHttpResult>> StartAsync(
        Guid id, Caller caller, CommerceShopStore shops, CommerceSyncStore syncs, AuditLog audit, CancellationToken cancellationToken)
    {
        if (await shops.GetAsync(caller.Workspace, id, cancellationToken) is not { } shop)
        {
            return Problem.NotFound("Integration", id);
        }

        if (shop.Status != "connected")
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: "The shop is disconnected (the app was uninstalled); connect it again to sync.");
        }

        if (await syncs.StartAsync(caller.Workspace, id, full: false, cancellationToken) is not { } job)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: "A sync of this shop is already queued or running; follow its progress.");
        }

        await audit.RecordAsync(caller.Workspace, caller.Change, "sync", "integration", id, new { job.Kind }, cancellationToken);
        return TypedResults.Accepted($"/api/v1/integrations/{id}/sync", SyncView.Of(id, job));
    }
}

public static class ShopSyncSetup
{
    public static IServiceCollection AddCrmShopSync(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ShopifyOptions>(configuration.GetSection("Crm:Shopify"));
        services.Configure<ShopSyncOptions>(configuration.GetSection("Crm:Commerce:Sync"));
        services.AddSingleton<CommerceSyncStore>();
        services.AddSingleton<ShopifyInstallStore>();
        services.AddSingleton<ShopifyOAuth>();
        services.AddHttpClient<ShopifyAdminClient>().AddStandardResilienceHandler(Resilience).SelectPipelineByAuthority();
        services.AddSingleton<IShopSync, ShopifySync>();
        services.AddHttpClient<WooCommerceSync>().AddStandardResilienceHandler(Resilience).SelectPipelineByAuthority();
        services.AddSingleton<IShopSync>(sp => sp.GetRequiredService<WooCommerceSync>());
        services.AddSingleton<ShopSyncRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<ShopSyncRunner>());
        return services;
    }

    /// <summary>A few quick retries (429 after its Retry-After), then the sync fails visibly and waits for the next one.</summary>
    private static void Resilience(HttpStandardResilienceOptions o)
    {
        o.Retry.MaxRetryAttempts = 3;
        o.Retry.Delay = TimeSpan.FromMilliseconds(500);
        o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(30);
        o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(180);
        o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(60);
    }
}
