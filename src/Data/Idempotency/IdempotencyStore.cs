using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Idempotency;

/// <summary>An Idempotency-Key's record as a retry finds it.</summary>
/// <param name="RetryAfterSeconds">How long until the first request's in-flight lease runs out.</param>
public sealed record IdempotencyRecord(
    string RequestHash,
    int RetryAfterSeconds,
    string? EntityType,
    Guid? EntityId,
    string? EntityAction,
    int? ResponseStatus,
    string? ResponseHeaders,
    byte[]? ResponseBody)
{
    public bool Answered => ResponseStatus is not null;

    /// <summary>The change journal named what the first request changed: it committed.</summary>
    public bool Committed => EntityId is not null;
}

/// <summary>What a request's claim on its key found.</summary>
/// <param name="Claimed">This request owns the key and runs.</param>
/// <param name="Existing">The record an earlier request left, when not claimed.</param>
public sealed record IdempotencyClaim(bool Claimed, IdempotencyRecord? Existing);

/// <summary>
/// Idempotency-Key records (scoped per workspace and actor). A request claims its key before it runs; the
/// change journal marks the record with the entity in the change's transaction; the answer is stored after.
/// </summary>
public sealed class IdempotencyStore(CrmDatabase database)
{
    /// <summary>
    /// Claims the key for this request: inserts a fresh record, or takes over one whose earlier request left no
    /// trace (nothing committed, no answer) and whose in-flight lease ran out, e.g. its node died before committing.
    /// </summary>
    public async Task<IdempotencyClaim> ClaimAsync(
        WorkspaceId workspace, string actor, IdempotencyKeyClaim key, TimeSpan lease, TimeSpan retention, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var claimed = await session.ExecuteAsync("""
            insert into idempotency_keys as k (workspace_id, actor, key, request_hash, expires_at)
            values (@workspace, @actor, @key, @hash, now() + @retention)
            on conflict (workspace_id, actor, key) do update
                set request_hash = excluded.request_hash, claimed_at = now(), expires_at = excluded.expires_at
                where k.entity_id is null and k.response_status is null
                  and (k.claimed_at < now() - @lease or k.expires_at < now())
            """, new { workspace = workspace.Value, actor, key = key.Key, hash = key.RequestHash, lease, retention }, cancellationToken);
        var existing = claimed == 1 ? null : await session.QuerySingleOrDefaultAsync<IdempotencyRecord>("""
            select request_hash,
                   greatest(1, ceil(extract(epoch from (claimed_at + @lease - now()))))::int as retry_after_seconds, entity_type, entity_id, entity_action,
                   response_status, response_headers::text as response_headers, response_body
            from idempotency_keys where workspace_id = @workspace and actor = @actor and key = @key
            """, new { workspace = workspace.Value, actor, key = key.Key, lease }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new IdempotencyClaim(claimed == 1, existing);
    }

    /// <summary>Stores the answer the first request got, for retries to replay.</summary>
    public async Task StoreAnswerAsync(
        WorkspaceId workspace, string actor, string key, int status, string headersJson, byte[] body, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync("""
            update idempotency_keys set response_status = @status, response_headers = @headers::jsonb, response_body = @body
            where workspace_id = @workspace and actor = @actor and key = @key
            """, new { workspace = workspace.Value, actor, key, status, headers = headersJson, body }, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Frees the key after a request that changed nothing (refused input, a conflict, an error before any
    /// commit), so a corrected retry with the same key runs. A record the journal marked stays.
    /// </summary>
    public async Task ReleaseAsync(WorkspaceId workspace, string actor, string key, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync("""
            delete from idempotency_keys
            where workspace_id = @workspace and actor = @actor and key = @key and entity_id is null and response_status is null
            """, new { workspace = workspace.Value, actor, key }, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    /// <summary>Removes a workspace's expired records; returns how many.</summary>
    public async Task<int> PurgeExpiredAsync(WorkspaceId workspace, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var deleted = await session.ExecuteAsync(
            "delete from idempotency_keys where workspace_id = @workspace and expires_at < now()",
            new { workspace = workspace.Value }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return deleted;
    }
}
