using Dapper;
using Npgsql;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Commerce;

/// <summary>A webhook as it arrived, before anything is made of it.</summary>
public sealed record InboxEntry(
    Guid WorkspaceId, Guid ShopId, string Topic, string DedupKey, string EntityKey, DateTimeOffset? TriggeredAt, string HeadersJson, byte[] Body);

/// <summary>A pending inbox row claimed by the drain.</summary>
public sealed record InboxEvent
{
    public long Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid ShopId { get; init; }
    public string Topic { get; init; } = "";
    public string EntityKey { get; init; } = "";
    public DateTimeOffset? TriggeredAt { get; init; }
    public string Headers { get; init; } = "{}";
    public byte[] Body { get; init; } = [];
    public int Attempts { get; init; }
}

/// <summary>An event that failed <see cref="CommerceInbox.MaxAttempts"/> times and waits for a person.</summary>
public sealed record DeadLetter
{
    public long Id { get; init; }
    public Guid ShopId { get; init; }
    public string Topic { get; init; } = "";
    public string EntityKey { get; init; } = "";
    public DateTimeOffset ReceivedAt { get; init; }
    public int Attempts { get; init; }
    public string? Error { get; init; }
}

/// <summary>What became of one claimed event: done (applied, stale or a duplicate), or failed with an error.</summary>
/// <param name="Transient">
/// The failure was the system's, not the event's (a silo lost, the database unavailable): the event is tried again
/// however often that happens, and never becomes a dead letter for it.
/// </param>
public sealed record InboxOutcome(long Id, string? Error, bool Transient = false);

/// <summary>
/// The durable inbox of commerce webhooks. The receiver inserts (a repeated dedup key is a no-op) and answers
/// after the commit; the drain claims pending rows in batches with FOR UPDATE SKIP LOCKED, so several nodes drain
/// without taking the same rows, and a node that dies mid-batch leaves its rows pending (its transaction rolls back).
/// </summary>
public sealed class CommerceInbox(CrmDatabase database)
{
    public const int MaxAttempts = 5;

    /// <summary>The longest wait between attempts, so an event held up by a long outage goes soon after it ends.</summary>
    public const double MaxRetryDelaySeconds = 60;

    /// <returns>false when an event with the same dedup key is already there (a redelivery).</returns>
    public async Task<bool> InsertAsync(InboxEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition("""
            insert into commerce_inbox (workspace_id, shop_id, topic, dedup_key, entity_key, triggered_at, headers, body)
            values (@WorkspaceId, @ShopId, @Topic, @DedupKey, @EntityKey, @TriggeredAt, @HeadersJson::jsonb, @Body)
            on conflict (shop_id, dedup_key) do nothing
            """, entry, cancellationToken: cancellationToken));
        return inserted == 1;
    }

    /// <summary>
    /// Inserts a batch of entries in one statement: all of them or, on any error, none. Entries whose dedup key is
    /// already there (a repeated item) are skipped.
    /// </summary>
    /// <returns>How many were new.</returns>
    public async Task<int> InsertManyAsync(IReadOnlyList<InboxEntry> entries, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            insert into commerce_inbox (workspace_id, shop_id, topic, dedup_key, entity_key, triggered_at, headers, body)
            select e.workspace_id, e.shop_id, e.topic, e.dedup_key, e.entity_key, e.triggered_at, '{}'::jsonb, e.body
            from unnest(@workspaces, @shops, @topics, @dedupKeys, @entityKeys, @triggeredAt, @bodies)
                with ordinality as e(workspace_id, shop_id, topic, dedup_key, entity_key, triggered_at, body, n)
            order by e.n
            on conflict (shop_id, dedup_key) do nothing
            """, new
        {
            workspaces = entries.Select(e => e.WorkspaceId).ToArray(),
            shops = entries.Select(e => e.ShopId).ToArray(),
            topics = entries.Select(e => e.Topic).ToArray(),
            dedupKeys = entries.Select(e => e.DedupKey).ToArray(),
            entityKeys = entries.Select(e => e.EntityKey).ToArray(),
            triggeredAt = entries.Select(e => e.TriggeredAt).ToArray(),
            bodies = entries.Select(e => e.Body).ToArray(),
        }, cancellationToken: cancellationToken));
    }

    /// <summary>Claims up to <paramref name="limit"/> due events, oldest first; they stay locked until the batch completes.</summary>
    /// <param name="round">
    /// With <paramref name="rounds"/> above one, only events of the entities that fall to this round (by a hash of the
    /// entity's key): each entity belongs to one round, so a node's rounds never apply one entity's events at once or
    /// out of order.
    /// </param>
    public async Task<InboxBatch?> ClaimAsync(int limit, int round = 0, int rounds = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(round);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(round, rounds);
        var connection = await database.OpenSharedAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var events = (await connection.QueryAsync<InboxEvent>(new CommandDefinition("""
                select id, workspace_id as WorkspaceId, shop_id as ShopId, topic, entity_key as EntityKey, triggered_at as TriggeredAt,
                       headers::text as Headers, body, attempts
                from commerce_inbox
                where status = 'pending' and next_attempt_at <= now()
                  and (@rounds = 1 or (hashtext(entity_key) & 2147483647) % @rounds = @round)
                order by id
                limit @limit
                for update skip locked
                """, new { limit, round, rounds }, transaction, cancellationToken: cancellationToken))).ToList();
            if (events.Count == 0)
            {
                await transaction.DisposeAsync();
                await connection.DisposeAsync();
                return null;
            }

            return new InboxBatch(connection, transaction, events);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Forgets applied events after <paramref name="keep"/> — longer than any sender retries (Shopify: 48 hours), so a
    /// late redelivery still finds its dedup key. Dead letters stay until they are retried.
    /// </summary>
    public async Task<int> ForgetProcessedAsync(TimeSpan keep, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "delete from commerce_inbox where status = 'processed' and processed_at < now() - @keep",
            new { keep }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(WorkspaceId workspace, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return (await connection.QueryAsync<DeadLetter>(new CommandDefinition("""
            select id, shop_id as ShopId, topic, entity_key as EntityKey, received_at as ReceivedAt, attempts, last_error as Error
            from commerce_inbox where workspace_id = @workspace and status = 'dead'
            order by id desc limit @limit
            """, new { workspace = workspace.Value, limit }, cancellationToken: cancellationToken))).ToList();
    }

    /// <returns>false when the workspace has no dead letter with this id.</returns>
    public async Task<bool> RetryAsync(WorkspaceId workspace, long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            update commerce_inbox set status = 'pending', attempts = 0, next_attempt_at = now()
            where workspace_id = @workspace and id = @id and status = 'dead'
            """, new { workspace = workspace.Value, id }, cancellationToken: cancellationToken)) == 1;
    }
}

/// <summary>Claimed events and the transaction that holds their locks; <see cref="CompleteAsync"/> records every outcome at once.</summary>
public sealed class InboxBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<InboxEvent> events) : IAsyncDisposable
{
    public IReadOnlyList<InboxEvent> Events => events;

    /// <param name="retryDelaySeconds">The first retry's delay; each further one doubles it.</param>
    public async Task CompleteAsync(IReadOnlyCollection<InboxOutcome> outcomes, double retryDelaySeconds, CancellationToken cancellationToken = default)
    {
        var done = outcomes.Where(o => o.Error is null).Select(o => o.Id).ToArray();
        var failed = outcomes.Where(o => o.Error is not null).ToList();
        await connection.ExecuteAsync(new CommandDefinition(
            "update commerce_inbox set status = 'processed', processed_at = now(), attempts = attempts + 1, last_error = null where id = any(@done)",
            new { done }, transaction, cancellationToken: cancellationToken));
        if (failed.Count > 0)
        {
            // Back off 2, 4, 8, 16 s (by default), at most a minute; after the last attempt that failed for the event's own
            // sake the event is a dead letter with its error. An outage (a silo killed, the database restarting) fails
            // every event it meets, so those attempts never make one dead.
            await connection.ExecuteAsync(new CommandDefinition("""
                update commerce_inbox i set
                    attempts = i.attempts + 1,
                    last_error = f.error,
                    status = case when not f.transient and i.attempts + 1 >= @max then 'dead' else 'pending' end,
                    next_attempt_at = now() + make_interval(secs => least(@delay * power(2, least(i.attempts, 16)), @maxDelay))
                from unnest(@ids, @errors, @transient) as f(id, error, transient)
                where i.id = f.id
                """, new
                {
                    ids = failed.Select(f => f.Id).ToArray(), errors = failed.Select(f => Truncate(f.Error!)).ToArray(), transient = failed.Select(f => f.Transient).ToArray(),
                    max = CommerceInbox.MaxAttempts, delay = retryDelaySeconds, maxDelay = CommerceInbox.MaxRetryDelaySeconds,
                },
                transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static string Truncate(string error) => error.Length <= 2000 ? error : error[..2000];

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
