using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Idempotency;

/// <summary>An Idempotency-Key's record as a retry finds it.</summary>
/// <param name="RetryAfterSeconds">How long until the first request's claim lapses unless its node renews it.</param>
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

/// <summary>A claim a request on this node holds, for renewing its lease.</summary>
public sealed record HeldClaim(string Actor, string Key, Guid ClaimId);

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
    /// Claims the key for this request for <paramref name="lease"/> (renewed by <see cref="RenewAsync"/> while it runs):
    /// inserts a fresh record, or takes over one whose earlier request left no trace (nothing committed, no answer)
    /// and whose lease lapsed, e.g. its node died before committing.
    /// </summary>
    public async Task<IdempotencyClaim> ClaimAsync(
        WorkspaceId workspace, string actor, IdempotencyKeyClaim key, TimeSpan lease, TimeSpan retention, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var claimed = await session.ExecuteAsync("""
            insert into idempotency_keys as k (workspace_id, actor, key, request_hash, expires_at, claim_id, held_until)
            values (@workspace, @actor, @key, @hash, now() + @retention, @claimId, now() + @lease)
            on conflict (workspace_id, actor, key) do update
                set request_hash = excluded.request_hash, claimed_at = now(), expires_at = excluded.expires_at,
                    claim_id = excluded.claim_id, held_until = excluded.held_until
                where k.entity_id is null and k.response_status is null
                  and (k.held_until < now() or k.expires_at < now())
            """, new { workspace = workspace.Value, actor, key = key.Key, hash = key.RequestHash, claimId = key.ClaimId, lease, retention }, cancellationToken);
        var existing = claimed == 1 ? null : await session.QuerySingleOrDefaultAsync<IdempotencyRecord>("""
            select request_hash,
                   greatest(1, ceil(extract(epoch from (held_until - now()))))::int as retry_after_seconds, entity_type, entity_id, entity_action,
                   response_status, response_headers::text as response_headers, response_body
            from idempotency_keys where workspace_id = @workspace and actor = @actor and key = @key
            """, new { workspace = workspace.Value, actor, key = key.Key }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new IdempotencyClaim(claimed == 1, existing);
    }

    /// <summary>Extends the leases of claims whose requests still run on this node (one statement per workspace).</summary>
    public async Task RenewAsync(WorkspaceId workspace, IReadOnlyCollection<HeldClaim> claims, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync("""
            update idempotency_keys k set held_until = now() + @lease
            from unnest(@actors, @keys, @claimIds) as c(actor, key, claim_id)
            where k.workspace_id = @workspace and k.actor = c.actor and k.key = c.key and k.claim_id = c.claim_id
              and k.entity_id is null and k.response_status is null
            """, new
        {
            workspace = workspace.Value,
            lease,
            actors = claims.Select(c => c.Actor).ToArray(),
            keys = claims.Select(c => c.Key).ToArray(),
            claimIds = claims.Select(c => c.ClaimId).ToArray(),
        }, cancellationToken);
        await session.CommitAsync(cancellationToken);
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
    /// Frees the key after its request ended without an answer to keep (refused input, a conflict, a failure), so a
    /// retry with the same key runs at once. Only this request's claim is freed, and only when the journal did not
    /// mark it: a change of this request still under way can then no longer mark it, and rolls back.
    /// </summary>
    public async Task ReleaseAsync(WorkspaceId workspace, string actor, string key, Guid claimId, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync("""
            delete from idempotency_keys
            where workspace_id = @workspace and actor = @actor and key = @key and claim_id = @claimId
              and entity_id is null and response_status is null
            """, new { workspace = workspace.Value, actor, key, claimId }, cancellationToken);
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
