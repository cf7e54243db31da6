using System.Text;
using System.Text.Json;
using Dapper;
using SimpleCrm.Data.Lists;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Data.Audit;

public sealed record AuditEntry(
    long Id,
    DateTimeOffset OccurredAt,
    string Actor,
    string? ActorName,
    string Action,
    string EntityType,
    Guid? EntityId,
    string? RemoteAddress,
    string? RequestId,
    string? Before,
    string? After);

public sealed record AuditFilter(string? EntityType, Guid? EntityId, string? Actor, string? Action, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>
/// Reads of the audit log, and audit rows that are not part of a change (reads of personal data, sign-ins).
/// Changes write their audit rows through <see cref="Changes.ChangeJournal"/>, in the change's transaction.
/// </summary>
public sealed class AuditLog(CrmDatabase database, ReadAuditWriter reads)
{
    /// <summary>Appends one row in its own transaction, committed before returning.</summary>
    public async Task RecordAsync(WorkspaceId workspace, ChangeContext context, string action, string entityType, Guid? entityId, object? detail = null, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await AppendAsync(session, context, action, entityType, entityId, detail, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    /// <summary>Records that someone read a customer's personal data, committed before returning (see <see cref="ReadAuditWriter"/>).</summary>
    public Task RecordReadAsync(WorkspaceId workspace, ChangeContext context, string entityType, Guid entityId, CancellationToken cancellationToken = default) =>
        reads.RecordAsync(workspace, context, entityType, entityId, cancellationToken);

    /// <summary>Appends one row inside the caller's transaction.</summary>
    public static Task AppendAsync(WorkspaceSession session, ChangeContext context, string action, string entityType, Guid? entityId, object? detail, CancellationToken cancellationToken = default) =>
        session.ExecuteAsync("""
            insert into audit_log (workspace_id, actor, action, entity_type, entity_id, after, request_id, remote_address)
            values (@workspace, @actor, @action, @entityType, @entityId, @detail::jsonb, @requestId, @remoteAddress)
            """, new
        {
            workspace = session.Workspace.Value,
            actor = context.Actor,
            action,
            entityType,
            entityId,
            detail = detail is null ? null : JsonSerializer.Serialize(detail, CrmJson.Options),
            requestId = context.RequestId,
            remoteAddress = context.RemoteAddress,
        }, cancellationToken);

    /// <summary>Newest first, keyset-paged on the row id (ids grow with time within a workspace).</summary>
    public async Task<(IReadOnlyList<AuditEntry> Items, long? Next)> ListAsync(WorkspaceId workspace, AuditFilter filter, int limit, long? before, CancellationToken cancellationToken = default)
    {
        var sql = new StringBuilder("""
            select a.id, a.occurred_at, a.actor, nullif(trim(u.first_name || ' ' || u.last_name), '') as actor_name, a.action,
                   a.entity_type, a.entity_id, a.remote_address, a.request_id, a.before::text as before, a.after::text as after
            from audit_log a
            left join workspace_members u on u.workspace_id = a.workspace_id and a.actor = 'user:' || u.user_id::text
            where a.workspace_id = @workspace
            """);
        var p = new DynamicParameters();
        p.Add("workspace", workspace.Value);
        p.Add("take", limit + 1);
        if (filter.EntityType is not null)
        {
            sql.Append(" and a.entity_type = @entityType");
            p.Add("entityType", filter.EntityType);
        }

        if (filter.Actor is not null)
        {
            sql.Append(" and a.actor = @actor");
            p.Add("actor", filter.Actor);
        }

        if (filter.Action is not null)
        {
            sql.Append(" and a.action = @action");
            p.Add("action", filter.Action);
        }

        Conditions.AddIf(sql, p, "a.entity_id = @entityId", "entityId", filter.EntityId);
        Conditions.AddIf(sql, p, "a.occurred_at >= @from", "from", filter.From);
        Conditions.AddIf(sql, p, "a.occurred_at < @to", "to", filter.To);
        Conditions.AddIf(sql, p, "a.id < @before", "before", before);
        sql.Append(" order by a.id desc limit @take");

        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var rows = (await session.QueryAsync<AuditEntry>(sql.ToString(), p, cancellationToken)).ToList();
        var items = rows.Take(limit).ToList();
        return (items, rows.Count > limit ? items[^1].Id : null);
    }

    /// <summary>Deletes rows older than the retention period (the one delete the append-only trigger allows).</summary>
    public async Task<int> PurgeAsync(WorkspaceId workspace, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync("set local crm.audit_retention = 'on'", cancellationToken: cancellationToken);
        var deleted = await session.ExecuteAsync("delete from audit_log where workspace_id = @workspace and occurred_at < now() - @retention",
            new { workspace = workspace.Value, retention }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return deleted;
    }
}
