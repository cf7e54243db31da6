using System.Text.Json;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Domain.Customers;

namespace SimpleCrm.Data.Changes;

/// <summary>Adds an entry to a customer's timeline, inside the transaction of the change it records.</summary>
public static class TimelineJournal
{
    public static Task AppendAsync(WorkspaceSession session, Guid customerId, string kind, Guid? entityId, object data, DateTimeOffset occurredAt, CancellationToken cancellationToken = default) =>
        session.ExecuteAsync("""
            insert into timeline_entries (workspace_id, customer_id, occurred_at, kind, entity_id, data)
            values (@workspace, @customerId, @occurredAt, @kind, @entityId, @data::jsonb)
            """, new
        {
            workspace = session.Workspace.Value,
            customerId,
            occurredAt,
            kind,
            entityId,
            data = JsonSerializer.Serialize(data, CrmJson.Options),
        }, cancellationToken);

    /// <summary>Many entries with one statement, in the order given (their ids follow it).</summary>
    public static Task AppendManyAsync(WorkspaceSession session, IReadOnlyList<TimelineWrite> entries, CancellationToken cancellationToken = default) =>
        entries.Count == 0 ? Task.CompletedTask : session.ExecuteAsync("""
            insert into timeline_entries (workspace_id, customer_id, occurred_at, kind, entity_id, data)
            select @workspace, customer_id, occurred_at, kind, entity_id, data
            from jsonb_to_recordset(@rows::jsonb) as r(customer_id uuid, occurred_at timestamptz, kind text, entity_id uuid, data jsonb)
            """, new { workspace = session.Workspace.Value, rows = RowsJson(entries) }, cancellationToken);

    internal static string RowsJson(IReadOnlyList<TimelineWrite> entries) =>
        JsonSerializer.Serialize(entries.Select(e => new
        {
            e.CustomerId,
            e.OccurredAt,
            e.Kind,
            e.EntityId,
            Data = JsonSerializer.SerializeToElement(e.Data, CrmJson.Options),
        }), CrmJson.Options);
}

/// <summary>One timeline entry for <see cref="TimelineJournal.AppendManyAsync"/>.</summary>
public sealed record TimelineWrite(Guid CustomerId, string Kind, Guid? EntityId, object Data, DateTimeOffset OccurredAt);
