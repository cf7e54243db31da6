using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Email;

/// <summary>An inbound email as recorded: threaded onto a customer's conversation, or kept unmatched.</summary>
public sealed class InboundMailRow
{
    public string MessageId { get; init; } = "";
    public string Source { get; init; } = "";
    public string Status { get; init; } = "";
    public Guid? CustomerId { get; init; }
    public Guid? ThreadId { get; init; }
    public Guid? ActivityId { get; init; }
    public string FromAddress { get; init; } = "";
    public string Subject { get; init; } = "";
    public string BodyText { get; init; } = "";
    public DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>The conversation an earlier message belongs to.</summary>
public sealed record ThreadMatch(Guid CustomerId, Guid ThreadId);

/// <summary>An earlier message of a customer's conversation, for matching a reply by its subject.</summary>
public sealed record ThreadSubject(Guid ThreadId, string Subject);

/// <summary>Inbound email: what was received (once per Message-ID), and the lookups that find a reply's conversation.</summary>
public sealed class InboundMailStore(CrmDatabase database)
{
    private const string Columns = "message_id, source, status, customer_id, thread_id, activity_id, from_address, subject, body_text, received_at";

    public async Task<InboundMailRow?> FindAsync(WorkspaceId workspace, string messageId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await session.QuerySingleOrDefaultAsync<InboundMailRow>(
            $"select {Columns} from email_inbound where workspace_id = @workspace and message_id = @messageId",
            new { workspace = workspace.Value, messageId }, cancellationToken);
    }

    /// <summary>The conversation of the first of <paramref name="messageIds"/> (nearest first) the CRM sent or received.</summary>
    public async Task<ThreadMatch?> FindThreadAsync(WorkspaceId workspace, IReadOnlyList<string> messageIds, CancellationToken cancellationToken = default)
    {
        if (messageIds.Count == 0)
        {
            return null;
        }

        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await session.QuerySingleOrDefaultAsync<ThreadMatch>("""
            select customer_id as CustomerId, thread_id as ThreadId from (
                select customer_id, thread_id, message_id from email_messages where workspace_id = @workspace and message_id = any(@ids)
                union all
                select customer_id, thread_id, message_id from email_inbound
                where workspace_id = @workspace and message_id = any(@ids) and status = 'threaded'
            ) known
            order by array_position(@ids, message_id)
            limit 1
            """, new { workspace = workspace.Value, ids = messageIds.ToArray() }, cancellationToken);
    }

    public async Task<Guid?> FindCustomerByAddressAsync(WorkspaceId workspace, string address, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await session.QuerySingleOrDefaultAsync<Guid?>(
            "select id from customers where workspace_id = @workspace and email_key = lower(@address)",
            new { workspace = workspace.Value, address }, cancellationToken);
    }

    /// <summary>The subjects of the customer's recent conversations, newest first.</summary>
    public async Task<IReadOnlyList<ThreadSubject>> RecentSubjectsAsync(WorkspaceId workspace, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<ThreadSubject>("""
            select thread_id as ThreadId, subject as Subject from (
                select thread_id, subject, created_at as at from email_messages where workspace_id = @workspace and customer_id = @customerId
                union all
                select thread_id, subject, received_at from email_inbound
                where workspace_id = @workspace and customer_id = @customerId and status = 'threaded'
            ) sent
            order by at desc
            limit 100
            """, new { workspace = workspace.Value, customerId }, cancellationToken)).ToList();
    }

    /// <summary>Records the inbound email; false when one with its Message-ID was recorded already (nothing changes then).</summary>
    public async Task<bool> RecordAsync(WorkspaceId workspace, InboundMailRow row, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var inserted = await session.ExecuteAsync("""
            insert into email_inbound (workspace_id, message_id, source, status, customer_id, thread_id, activity_id, from_address, subject, body_text)
            values (@workspace, @MessageId, @Source, @Status, @CustomerId, @ThreadId, @ActivityId, @FromAddress, @Subject, @BodyText)
            on conflict (workspace_id, message_id) do nothing
            """, new
        {
            workspace = workspace.Value, row.MessageId, row.Source, row.Status, row.CustomerId, row.ThreadId, row.ActivityId, row.FromAddress, row.Subject, row.BodyText,
        }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return inserted == 1;
    }

    public async Task<IReadOnlyList<InboundMailRow>> ListUnmatchedAsync(WorkspaceId workspace, int limit, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<InboundMailRow>(
            $"select {Columns} from email_inbound where workspace_id = @workspace and status = 'unmatched' order by received_at desc limit @limit",
            new { workspace = workspace.Value, limit }, cancellationToken)).ToList();
    }
}
