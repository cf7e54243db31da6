using System.Threading.Channels;
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
    private const int MaxRowsPerFlush = 2000;
    private readonly CrmDatabase database;
    private readonly Channel<ReadRecord> queue = Channel.CreateUnbounded<ReadRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task writer;

    public ReadAuditWriter(CrmDatabase database)
    {
        this.database = database;
        writer = Task.Run(WriteAsync);
    }

    public Task RecordAsync(WorkspaceId workspace, ChangeContext context, string entityType, Guid entityId, CancellationToken cancellationToken)
    {
        var record = new ReadRecord(workspace, context, entityType, entityId, DateTimeOffset.UtcNow);
        if (!queue.Writer.TryWrite(record))
        {
            throw new InvalidOperationException("The audit writer has stopped: the node is shutting down.");
        }

        return record.Committed.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteAsync()
    {
        var batch = new List<ReadRecord>();
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxRowsPerFlush && queue.Reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            foreach (var workspace in batch.GroupBy(r => r.Workspace))
            {
                try
                {
                    await InsertAsync(workspace.Key, workspace.ToList());
                    foreach (var record in workspace)
                    {
                        record.Committed.TrySetResult();
                    }
                }
                catch (Exception e)
                {
                    foreach (var record in workspace)
                    {
                        record.Committed.TrySetException(e);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Without waiting for the WAL flush (synchronous_commit off): a read changes nothing, so the price of a database
    /// crash is losing the last fraction of a second of read records, never a change's record.
    /// </summary>
    private async Task InsertAsync(WorkspaceId workspace, IReadOnlyList<ReadRecord> records)
    {
        await using var session = await database.BeginAsync(workspace);
        await session.ExecuteAsync("""
            set local synchronous_commit = off;
            insert into audit_log (workspace_id, occurred_at, actor, action, entity_type, entity_id, request_id, remote_address)
            select @workspace, r.occurred_at, r.actor, 'read', r.entity_type, r.entity_id, r.request_id, r.remote_address
            from unnest(@occurredAt, @actors, @entityTypes, @entityIds, @requestIds, @remoteAddresses)
                as r(occurred_at, actor, entity_type, entity_id, request_id, remote_address)
            """, new
        {
            workspace = workspace.Value,
            occurredAt = records.Select(r => r.OccurredAt).ToArray(),
            actors = records.Select(r => r.Context.Actor).ToArray(),
            entityTypes = records.Select(r => r.EntityType).ToArray(),
            entityIds = records.Select(r => r.EntityId).ToArray(),
            requestIds = records.Select(r => r.Context.RequestId).ToArray(),
            remoteAddresses = records.Select(r => r.Context.RemoteAddress).ToArray(),
        });
        await session.CommitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await writer;
    }

    private sealed record ReadRecord(WorkspaceId Workspace, ChangeContext Context, string EntityType, Guid EntityId, DateTimeOffset OccurredAt)
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
