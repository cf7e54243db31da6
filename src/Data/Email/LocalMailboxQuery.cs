using Dapper;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Lists;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Email;

/// <summary>The workspace's sent customer email, newest first: what the local mailbox shows when no provider is configured.</summary>
public sealed class LocalMailboxQuery(CrmDatabase database)
{
    private const string Columns = """
        m.id, m.customer_id, m.template_id, m.language, m.purpose, m.to_address, m.subject, m.body_html, m.body_text, m.message_id, m.thread_id, m.in_reply_to,
        m.unsubscribe_url, m.status, m.attempts, m.next_attempt_at, m.last_error, m.created_by, m.created_at, m.sent_at
        """;

    private static readonly SortableColumn SentAt = new("sent_at", "m.sent_at", "timestamptz");

    public static readonly IReadOnlyList<SortTerm> Sort = [new(SentAt, Descending: true)];

    public async Task<Page<EmailMessageRow>> ListSentAsync(WorkspaceId workspace, PageRequest page, CancellationToken cancellationToken = default)
    {
        var parameters = new DynamicParameters();
        parameters.Add("workspace", workspace.Value);
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await ListRunner.RunAsync<EmailMessageRow>(session, Columns,
            "from email_messages m where m.workspace_id = @workspace and m.status = 'sent'", parameters, Sort, "m.id", page, cancellationToken);
    }

    public async Task<EmailMessageRow?> FindSentAsync(WorkspaceId workspace, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await session.QuerySingleOrDefaultAsync<EmailMessageRow>(
            $"select {Columns} from email_messages m where m.workspace_id = @workspace and m.id = @id and m.status = 'sent'",
            new { workspace = workspace.Value, id }, cancellationToken);
    }
}
