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
}
