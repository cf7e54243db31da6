using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Changes;

/// <summary>
/// Every change writes an outbox row, and most have no consumer once written (no webhook subscribed to the topic) or
/// none left (delivered, sent). Rows older than the retention that nobody still owes anything are deleted, with their
/// webhook delivery log; undelivered webhooks (not yet fanned out, or a delivery still pending) and unsent account mail
/// stay whatever their age.
/// </summary>
public sealed class OutboxHistory(CrmDatabase database)
{
    /// <summary>Rows per transaction, so a first purge of a large backlog does not hold one long transaction.</summary>
    public const int Batch = 10_000;

    /// <returns>How many rows were deleted.</returns>
    public async Task<int> PurgeAsync(WorkspaceId workspace, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        var total = 0;
        int deleted;
        do
        {
            await using var session = await database.BeginAsync(workspace, cancellationToken);
            // Ids grow with time: the first row young enough to keep bounds the walk, so a daily run reads only the
            // old rows (deleted ones and the few still owed), never the whole outbox.
            deleted = await session.ExecuteAsync("""
                with young as (
                    select coalesce((select id from outbox where workspace_id = @workspace and occurred_at >= now() - @retention order by id limit 1),
                                    9223372036854775807) as first_id
                ), old as (
                    select o.id from outbox o, young
                    where o.workspace_id = @workspace and o.id < young.first_id and o.occurred_at < now() - @retention
                      and not o.webhook_pending
                      and not (o.topic = 'mail.account' and o.processed_at is null and o.next_attempt_at is not null)
                      and not exists (select 1 from webhook_deliveries d
                                      where d.workspace_id = o.workspace_id and d.outbox_id = o.id and d.status = 'pending')
                    order by o.id
                    limit @batch
                )
                delete from outbox where workspace_id = @workspace and id in (select id from old)
                """, new { workspace = workspace.Value, retention, batch = Batch }, cancellationToken);
            await session.CommitAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == Batch);

        return total;
    }
}
