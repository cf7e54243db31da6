using Dapper;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Commerce;

/// <summary>A shop's current (or last) sync: its checkpoint and its progress.</summary>
public sealed record SyncJob
{
    public Guid WorkspaceId { get; init; }
    public Guid ShopId { get; init; }
    public string Kind { get; init; } = "full";
    public string Status { get; init; } = "queued";
    public string Phase { get; init; } = "customers";
    public string? Cursor { get; init; }
    public string? BulkOperationId { get; init; }
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? HighWater { get; init; }
    public long Total { get; init; }
    public long CustomersDone { get; init; }
    public long OrdersDone { get; init; }
    public long ProductsDone { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }
    public string? LastError { get; init; }

    public long Done => CustomersDone + OrdersDone + ProductsDone;

    public bool IsActive => Status is "queued" or "running";
}

/// <summary>
/// A shop whose sync is due, leased to this node until <paramref name="LeasedUntil"/>. That expiry doubles as the
/// lease's fencing token: only the holder knows it, and every renewal or write of the holder names it, so a node whose
/// lease ran out and was taken over can no longer write.
/// </summary>
public sealed record DueSync(Guid ShopId, Guid WorkspaceId, DateTime LeasedUntil);

/// <summary>The shop's sync lease ran out and another node holds it now: this node must stop without writing.</summary>
public sealed class SyncLeaseLostException(Guid shopId) : Exception($"The sync lease of shop {shopId} was lost to another node.");

/// <summary>Records a page of a shop's data in the inbox, for the drain to apply as it applies webhooks.</summary>
public sealed record SyncRecord(string Topic, string EntityKey, DateTimeOffset? UpdatedAt, byte[] Body);

/// <summary>
/// Sync jobs and their schedule. A page of records goes to the inbox in the same transaction that moves the checkpoint
/// past it, so after a crash the job resumes at the first page not recorded, and a page recorded twice is deduplicated.
/// </summary>
public sealed class CommerceSyncStore(CrmDatabase database)
{
    private const string Columns = """
        workspace_id as WorkspaceId, shop_id as ShopId, kind, status, phase, cursor, bulk_operation_id as BulkOperationId, since,
        high_water as HighWater, total, customers_done as CustomersDone, orders_done as OrdersDone, products_done as ProductsDone,
        started_at as StartedAt, updated_at as UpdatedAt, finished_at as FinishedAt, last_success_at as LastSuccessAt, last_error as LastError
        """;

    public async Task<SyncJob?> GetAsync(WorkspaceId workspace, Guid shopId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await session.QuerySingleOrDefaultAsync<SyncJob>(
            $"select {Columns} from commerce_sync_jobs where workspace_id = @workspace and shop_id = @shopId",
            new { workspace = workspace.Value, shopId }, cancellationToken);
    }

    public async Task<IReadOnlyList<SyncJob>> ListAsync(WorkspaceId workspace, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<SyncJob>(
            $"select {Columns} from commerce_sync_jobs where workspace_id = @workspace", new { workspace = workspace.Value }, cancellationToken)).ToList();
    }

    /// <summary>
    /// Queues a sync unless one is queued or running: a full one when the shop was never synced, else a catch-up from
    /// the last one's high-water mark. Returns null when one is already active.
    /// </summary>
    public async Task<SyncJob?> StartAsync(WorkspaceId workspace, Guid shopId, bool full, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var held = await session.QuerySingleOrDefaultAsync<SyncJob>(
            $"select {Columns} from commerce_sync_jobs where workspace_id = @workspace and shop_id = @shopId for update",
            new { workspace = workspace.Value, shopId }, cancellationToken);
        if (held is { IsActive: true })
        {
            return null;
        }

        var since = full || held?.HighWater is null ? (DateTimeOffset?)null : held.HighWater;
        var job = await session.QuerySingleOrDefaultAsync<SyncJob>($"""
            insert into commerce_sync_jobs (workspace_id, shop_id, kind, status, phase, since, high_water, started_at, updated_at, last_success_at)
            values (@workspace, @shopId, @kind, 'queued', 'customers', @since, @since, now(), now(), @lastSuccess)
            on conflict (workspace_id, shop_id) do update set
                kind = excluded.kind, status = 'queued', phase = 'customers', cursor = null, bulk_operation_id = null, since = excluded.since,
                high_water = excluded.high_water, total = 0, customers_done = 0, orders_done = 0, products_done = 0,
                started_at = now(), updated_at = now(), finished_at = null, last_error = null
            returning {Columns}
            """, new { workspace = workspace.Value, shopId, kind = since is null ? "full" : "catch_up", since, lastSuccess = held?.LastSuccessAt }, cancellationToken);
        await session.ExecuteAsync(
            "update commerce_shop_routes set sync_due_at = now() where shop_id = @shopId and workspace_id = @workspace",
            new { workspace = workspace.Value, shopId }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return job;
    }

    /// <summary>Leases one shop whose sync is due and not leased, or whose lease ran out (its node died), for <paramref name="lease"/>.</summary>
    public async Task<DueSync?> LeaseDueAsync(TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DueSync>(new CommandDefinition("""
            update commerce_shop_routes r set sync_leased_until = clock_timestamp() + @lease
            where r.shop_id = (
                select shop_id from commerce_shop_routes
                where sync_due_at <= now() and (sync_leased_until is null or sync_leased_until < now())
                order by sync_due_at
                limit 1
                for update skip locked)
            returning r.shop_id as ShopId, r.workspace_id as WorkspaceId, r.sync_leased_until as LeasedUntil
            """, new { lease }, cancellationToken: cancellationToken));
    }

    /// <summary>Extends the lease this node holds; null when it is no longer this node's (taken over, or the shop was deleted).</summary>
    public async Task<DateTime?> RenewLeaseAsync(Guid shopId, DateTime held, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition("""
            update commerce_shop_routes set sync_leased_until = clock_timestamp() + @lease
            where shop_id = @shopId and sync_leased_until = @held
            returning sync_leased_until
            """, new { shopId, held, lease }, cancellationToken: cancellationToken));
    }

    /// <summary>Gives the lease back, the shop staying due: a stopping node's job is resumed at once by another one.</summary>
    public async Task LetGoAsync(Guid shopId, DateTime held, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update commerce_shop_routes set sync_leased_until = null where shop_id = @shopId and sync_leased_until = @held",
            new { shopId, held }, cancellationToken: cancellationToken));
    }

    /// <summary>Nothing to run now: the lease ends and the shop is next due at <paramref name="dueAt"/> (null: only when asked).</summary>
    public async Task ReleaseAsync(Guid shopId, DateTime held, DateTimeOffset? dueAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update commerce_shop_routes set sync_leased_until = null, sync_due_at = @dueAt where shop_id = @shopId and sync_leased_until = @held",
            new { shopId, held, dueAt = dueAt?.UtcDateTime }, cancellationToken: cancellationToken));
    }

    /// <summary>A periodic reconciliation: a catch-up from the last high-water mark unless a sync is active.</summary>
    public Task<SyncJob?> QueueCatchUpAsync(WorkspaceId workspace, Guid shopId, CancellationToken cancellationToken = default) =>
        StartAsync(workspace, shopId, full: false, cancellationToken);

    /// <summary>
    /// Saves the checkpoint and progress, and in the same transaction puts the page's records in the inbox; all of it only
    /// while <paramref name="lease"/> is still this node's (else <see cref="SyncLeaseLostException"/> and nothing is written).
    /// A finished job (<paramref name="reconcileAfter"/> given) ends the lease in the same transaction and makes the next
    /// reconciliation due that long after its finish, so no finished job is ever left due.
    /// </summary>
    public async Task CheckpointAsync(
        WorkspaceId workspace, SyncJob job, IReadOnlyList<SyncRecord> records, DateTime lease, TimeSpan? reconcileAfter = null, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        // Locked while the checkpoint commits: the lease cannot be taken over in between (takers skip locked rows).
        var held = await session.QuerySingleOrDefaultAsync<int?>(
            "select 1 from commerce_shop_routes where shop_id = @shopId and sync_leased_until = @lease for share",
            new { shopId = job.ShopId, lease }, cancellationToken);
        if (held is null)
        {
            throw new SyncLeaseLostException(job.ShopId);
        }

        if (records.Count > 0)
        {
            await session.ExecuteAsync("""
                insert into commerce_inbox (workspace_id, shop_id, topic, dedup_key, entity_key, triggered_at, headers, body)
                select @workspace, @shopId, r.topic, 'sync:' || r.entity_key || ':' || coalesce(r.updated_at::text, ''), r.entity_key, r.updated_at, '{"source":"sync"}'::jsonb, r.body
                from unnest(@topics, @entities, @times, @bodies) as r(topic, entity_key, updated_at, body)
                on conflict (shop_id, dedup_key) do nothing
                """, new
            {
                workspace = workspace.Value,
                shopId = job.ShopId,
                topics = records.Select(r => r.Topic).ToArray(),
                entities = records.Select(r => r.EntityKey).ToArray(),
                times = records.Select(r => r.UpdatedAt?.UtcDateTime).ToArray(),
                bodies = records.Select(r => r.Body).ToArray(),
            }, cancellationToken);
        }

        await session.ExecuteAsync("""
            update commerce_sync_jobs set
                status = @Status, phase = @Phase, cursor = @Cursor, bulk_operation_id = @BulkOperationId, high_water = @HighWater, total = @Total,
                customers_done = @CustomersDone, orders_done = @OrdersDone, products_done = @ProductsDone, updated_at = now(),
                finished_at = @FinishedAt, last_success_at = @LastSuccessAt, last_error = @LastError
            where workspace_id = @WorkspaceId and shop_id = @ShopId
            """, job with { WorkspaceId = workspace.Value }, cancellationToken);
        if (reconcileAfter is { } next)
        {
            await session.ExecuteAsync("""
                update commerce_shop_routes set sync_leased_until = null, sync_due_at = coalesce(@finished, now()) + @next
                where shop_id = @shopId and workspace_id = @workspace
                """, new { shopId = job.ShopId, workspace = workspace.Value, finished = job.FinishedAt?.UtcDateTime, next }, cancellationToken);
        }

        await session.CommitAsync(cancellationToken);
    }
}
