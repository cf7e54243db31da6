using System.Text.Json;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Data.Changes;

/// <summary>
/// Writes what a change implies besides the entity row, inside the same transaction:
/// the append-only audit row and the outbox row that drives side effects (webhooks, analytics, push), and,
/// when the request carried an Idempotency-Key, the changed entity on that key's record (the first change of
/// the request names it), so a retry after a lost answer learns that the change committed. The key is marked only
/// while the request's own claim holds it: a change that outlived its request, whose key another request claimed
/// since, throws <see cref="IdempotencyClaimLostException"/> and rolls back, so the retry is the only execution.
/// </summary>
public static class ChangeJournal
{
    public static async Task AppendAsync(
        WorkspaceSession session,
        ChangeContext context,
        string entityType,
        Guid? entityId,
        string action,
        object? before,
        object? after,
        string outboxTopic,
        object outboxData,
        CancellationToken cancellationToken = default)
    {
        const string sql = """
            with idempotency as (
                insert into idempotency_keys (workspace_id, actor, key, request_hash, expires_at, claim_id, entity_type, entity_id, entity_action)
                select @workspace, @actor, @idempotencyKey, @requestHash, now() + interval '1 day', @claimId, @entityType, @entityId, @action
                where @idempotencyKey::text is not null
                on conflict (workspace_id, actor, key) do update
                    set entity_type = coalesce(idempotency_keys.entity_type, excluded.entity_type),
                        entity_id = coalesce(idempotency_keys.entity_id, excluded.entity_id),
                        entity_action = coalesce(idempotency_keys.entity_action, excluded.entity_action)
                    where idempotency_keys.claim_id is not distinct from excluded.claim_id
                returning 1
            ),
            audit as (
                insert into audit_log (workspace_id, actor, action, entity_type, entity_id, before, after, request_id, remote_address)
                values (@workspace, @actor, @action, @entityType, @entityId, @before::jsonb, @after::jsonb, @requestId, @remoteAddress)
            )
            insert into outbox (workspace_id, topic, entity_id, payload)
            select @workspace::uuid, @topic::text, @entityId::uuid, @payload::jsonb
            where @idempotencyKey::text is null or exists (select from idempotency)
            """;
        var occurredAt = DateTimeOffset.UtcNow;
        var written = await session.ExecuteAsync(sql, new
        {
            workspace = session.Workspace.Value,
            actor = context.Actor,
            action,
            entityType,
            entityId,
            before = before is null ? null : JsonSerializer.Serialize(before, CrmJson.Options),
            after = after is null ? null : JsonSerializer.Serialize(after, CrmJson.Options),
            requestId = context.RequestId,
            idempotencyKey = context.IdempotencyKey?.Key,
            requestHash = context.IdempotencyKey?.RequestHash,
            claimId = context.IdempotencyKey?.ClaimId,
            remoteAddress = context.RemoteAddress,
            topic = outboxTopic,
            payload = JsonSerializer.Serialize(new { @event = outboxTopic, timestamp = occurredAt, data = outboxData }, CrmJson.Options),
        }, cancellationToken);
        if (written == 0)
        {
            throw new IdempotencyClaimLostException(context.IdempotencyKey!.Key);
        }
    }

    /// <summary>
    /// Many changes' audit and outbox rows with two multi-row statements, for writers that commit many changes in one
    /// transaction (see <see cref="GroupCommit{TWrite,TResult}"/>). A change that carries an Idempotency-Key is appended
    /// on its own, since its key's record names the first change of its request.
    /// </summary>
    public static async Task AppendManyAsync(WorkspaceSession session, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        foreach (var e in entries.Where(e => e.Context.IdempotencyKey is not null))
        {
            await AppendAsync(session, e.Context, e.EntityType, e.EntityId, e.Action, e.Before, e.After, e.Topic, e.Data, cancellationToken);
        }

        var occurredAt = DateTimeOffset.UtcNow;
        var rows = entries.Where(e => e.Context.IdempotencyKey is null).Select(e => new
        {
            e.Context.Actor,
            e.Action,
            e.EntityType,
            e.EntityId,
            Before = e.Before is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(e.Before, CrmJson.Options),
            After = e.After is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(e.After, CrmJson.Options),
            e.Context.RequestId,
            e.Context.RemoteAddress,
            e.Topic,
            Payload = JsonSerializer.SerializeToElement(new { @event = e.Topic, timestamp = occurredAt, data = e.Data }, CrmJson.Options),
        }).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        await session.ExecuteAsync("""
            with r as (
                select * from jsonb_to_recordset(@rows::jsonb) as r(actor text, action text, entity_type text, entity_id uuid,
                    before jsonb, after jsonb, request_id text, remote_address text, topic text, payload jsonb)
            ),
            audit as (
                insert into audit_log (workspace_id, actor, action, entity_type, entity_id, before, after, request_id, remote_address)
                select @workspace, actor, action, entity_type, entity_id, before, after, request_id, remote_address from r
            )
            insert into outbox (workspace_id, topic, entity_id, payload)
            select @workspace, topic, entity_id, payload from r
            """, new { workspace = session.Workspace.Value, rows = JsonSerializer.Serialize(rows, CrmJson.Options) }, cancellationToken);
    }
}

/// <summary>One change for <see cref="ChangeJournal.AppendManyAsync"/>: its audit row (before/after) and its outbox event.</summary>
public sealed record JournalEntry(ChangeContext Context, string EntityType, Guid? EntityId, string Action, object? Before, object? After, string Topic, object Data);

/// <summary>
/// A change carried an Idempotency-Key that its request no longer holds (the request ended without an answer and
/// freed it, or its claim lapsed and a retry took the key over): the change must not commit, since the retry runs it.
/// </summary>
public sealed class IdempotencyClaimLostException(string key)
    : InvalidOperationException($"The Idempotency-Key {key} is no longer held by the request that made this change; it was not carried out.");
