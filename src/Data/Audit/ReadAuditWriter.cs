using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Audit;

/// <summary>
/// Group commit for read records. Every customer page view writes an audit row, and each row in its own
/// transaction costs four round trips to PostgreSQL — more than the read it records. Here each reader queues its
/// row and waits; one writer takes everything queued so far and inserts it with one multi-row statement per
/// workspace, then releases the waiting readers. The promise is unchanged (the row is committed before the answer
/// goes out), the cost per read falls with load: under a burst of reads a flush carries hundreds of rows.
/// </summary>
public sealed class ReadAuditWriter : IAsyncDisposable
{
    private readonly GroupCommit<ReadRecord, bool> writer;

    public ReadAuditWriter(CrmDatabase database) => writer = new(database, InsertAsync, maxPerFlush: 2000, flushers: 1, linger: TimeSpan.Zero);

    public Task RecordAsync(WorkspaceId workspace, ChangeContext context, string entityType, Guid entityId, CancellationToken cancellationToken) =>
        writer.WriteAsync(workspace, new ReadRecord(context, entityType, entityId, DateTimeOffset.UtcNow), cancellationToken);

    /// <summary>
    /// Without waiting for the WAL flush (synchronous_commit off): a read changes nothing, so the price of a database
    /// crash is losing the last fraction of a second of read records, never a change's record.
    /// </summary>
    private static async Task<IReadOnlyList<bool>> InsertAsync(WorkspaceSession session, IReadOnlyList<ReadRecord> records, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync("""
            set local synchronous_commit = off;
            insert into audit_log (workspace_id, occurred_at, actor, action, entity_type, entity_id, request_id, remote_address)
            select @workspace, r.occurred_at, r.actor, 'read', r.entity_type, r.entity_id, r.request_id, r.remote_address
            from unnest(@occurredAt, @actors, @entityTypes, @entityIds, @requestIds, @remoteAddresses)
                as r(occurred_at, actor, entity_type, entity_id, request_id, remote_address)
            """, new
        {
            workspace = session.Workspace.Value,
            occurredAt = records.Select(r => r.OccurredAt).ToArray(),
            actors = records.Select(r => r.Context.Actor).ToArray(),
            entityTypes = records.Select(r => r.EntityType).ToArray(),
            entityIds = records.Select(r => r.EntityId).ToArray(),
            requestIds = records.Select(r => r.Context.RequestId).ToArray(),
            remoteAddresses = records.Select(r => r.Context.RemoteAddress).ToArray(),
        }, cancellationToken);
        return records.Select(_ => true).ToList();
    }

    public ValueTask DisposeAsync() => writer.DisposeAsync();

    private sealed record ReadRecord(ChangeContext Context, string EntityType, Guid EntityId, DateTimeOffset OccurredAt);
}
