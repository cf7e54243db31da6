using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Email;

/// <summary>One email activity of a customer, as the thread view shows it.</summary>
public sealed class ThreadMessageRow
{
    public Guid Id { get; init; }
    public Guid ThreadId { get; init; }
    public string? Direction { get; init; }
    public string Subject { get; init; } = "";
    public string? Description { get; init; }
    public string? EmailMetadata { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A customer's email activities with their conversation (an email logged by hand is a conversation of its own).</summary>
public sealed class EmailThreadQuery(CrmDatabase database)
{
    public async Task<IReadOnlyList<ThreadMessageRow>> ForCustomerAsync(WorkspaceId workspace, Guid customerId, int limit, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<ThreadMessageRow>("""
            select id, coalesce((email_metadata ->> 'thread_id')::uuid, id) as thread_id, direction, subject, description,
                   email_metadata::text as email_metadata, created_at
            from activities
            where workspace_id = @workspace and customer_id = @customerId and type = 'email'
            order by created_at desc, id desc
            limit @limit
            """, new { workspace = workspace.Value, customerId, limit }, cancellationToken)).ToList();
    }
}
