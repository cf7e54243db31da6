using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Email;

/// <summary>An email to queue: rendered already, addressed to one customer.</summary>
public sealed record EmailDraft(
    Guid Id, Guid CustomerId, Guid? TemplateId, string? Language, string Purpose, string ToAddress, string Subject, string BodyHtml, string BodyText,
    string MessageId, string? UnsubscribeUrl, Guid? CreatedBy, Guid? ThreadId = null, string? InReplyTo = null);

/// <summary>A queued or sent email as stored.</summary>
public sealed class EmailMessageRow
{
    public Guid Id { get; init; }
    public Guid CustomerId { get; init; }
    public Guid? TemplateId { get; init; }
    public string? Language { get; init; }
    public string Purpose { get; init; } = "";
    public string ToAddress { get; init; } = "";
    public string Subject { get; init; } = "";
    public string BodyHtml { get; init; } = "";
    public string BodyText { get; init; } = "";
    public string MessageId { get; init; } = "";

    /// <summary>The conversation: the id of the message that started it (this one's own when it starts one).</summary>
    public Guid ThreadId { get; init; }

    /// <summary>The Message-ID this mail answers (set when replying from a thread).</summary>
    public string? InReplyTo { get; init; }
    public string? UnsubscribeUrl { get; init; }
    public string Status { get; init; } = "";
    public int Attempts { get; init; }
    public DateTimeOffset NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public Guid? CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
}

/// <summary>How one delivery attempt ended.</summary>
/// <param name="GiveUp">Never retry (the address is undeliverable, or the provider refused the message for good).</param>
public sealed record DeliveryOutcome(bool Sent, string? Error, bool GiveUp = false);

/// <summary>Queued customer email and its delivery (row-level security, and every query names the workspace too).</summary>
public sealed class EmailMessageStore(CrmDatabase database)
{
    public const int MaxAttempts = 8;

    private const string Columns = """
        id, customer_id, template_id, language, purpose, to_address, subject, body_html, body_text, message_id, thread_id, in_reply_to, unsubscribe_url,
        status, attempts, next_attempt_at, last_error, created_by, created_at, sent_at
        """;

    public async Task<EmailMessageRow> QueueAsync(WorkspaceId workspace, EmailDraft draft, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<EmailMessageRow>($"""
            insert into email_messages (workspace_id, id, customer_id, template_id, language, purpose, to_address, subject, body_html, body_text,
                                        message_id, thread_id, in_reply_to, unsubscribe_url, created_by)
            values (@workspace, @Id, @CustomerId, @TemplateId, @Language, @Purpose, @ToAddress, @Subject, @BodyHtml, @BodyText,
                    @MessageId, coalesce(@ThreadId, @Id), @InReplyTo, @UnsubscribeUrl, @CreatedBy)
            returning {Columns}
            """, new
        {
            workspace = workspace.Value, draft.Id, draft.CustomerId, draft.TemplateId, draft.Language, draft.Purpose, draft.ToAddress,
            draft.Subject, draft.BodyHtml, draft.BodyText, draft.MessageId, draft.ThreadId, draft.InReplyTo, draft.UnsubscribeUrl, draft.CreatedBy,
        }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return row!;
    }

    public async Task<EmailMessageRow?> FindAsync(WorkspaceId workspace, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await session.QuerySingleOrDefaultAsync<EmailMessageRow>(
            $"select {Columns} from email_messages where workspace_id = @workspace and id = @id", new { workspace = workspace.Value, id }, cancellationToken);
    }

    public async Task<IReadOnlyList<EmailMessageRow>> ListForCustomerAsync(WorkspaceId workspace, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<EmailMessageRow>(
            $"select {Columns} from email_messages where workspace_id = @workspace and customer_id = @customerId order by created_at desc, id desc limit 200",
            new { workspace = workspace.Value, customerId }, cancellationToken)).ToList();
    }

    /// <summary>Workspaces flagged as having queued mail; with <paramref name="sweep"/>, every workspace.</summary>
    public async Task<IReadOnlyList<WorkspaceId>> WorkspacesToVisitAsync(bool sweep, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        var sql = sweep ? "select id from workspaces" : "select id from workspaces where has_queued_email";
        return (await Dapper.SqlMapper.QueryAsync<Guid>(connection, new Dapper.CommandDefinition(sql, cancellationToken: cancellationToken)))
            .Select(id => new WorkspaceId(id)).ToList();
    }

    /// <summary>
    /// Claims one due message of the workspace (skipping any another node holds), lets <paramref name="deliver"/> send it and records the
    /// outcome in the same transaction: sent, or retried later with exponential backoff, or failed after <see cref="MaxAttempts"/>.
    /// </summary>
    /// <returns>The message and how its attempt ended; null when nothing is due (the workspace's flag is cleared when nothing is queued).</returns>
    public async Task<(EmailMessageRow Message, DeliveryOutcome Outcome)?> DeliverNextAsync(
        WorkspaceId workspace, Func<EmailMessageRow, Task<DeliveryOutcome>> deliver, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<EmailMessageRow>($"""
            select {Columns} from email_messages
            where workspace_id = @workspace and status = 'queued' and next_attempt_at <= now()
            order by next_attempt_at, id
            limit 1
            for update skip locked
            """, new { workspace = workspace.Value }, cancellationToken);
        if (row is null)
        {
            await session.ExecuteAsync("""
                update workspaces set has_queued_email = false
                where id = @workspace and has_queued_email
                  and not exists (select 1 from email_messages where workspace_id = @workspace and status = 'queued')
                """, new { workspace = workspace.Value }, cancellationToken);
            await session.CommitAsync(cancellationToken);
            return null;
        }

        var outcome = await deliver(row);
        // Recorded even when the node is stopping: the provider may have taken the mail, and a rollback would send it again.
        var attempts = row.Attempts + 1;
        await session.ExecuteAsync("""
            update email_messages set
                attempts = @attempts,
                status = case when @sent then 'sent' when @giveUp or @attempts >= @max then 'failed' else 'queued' end,
                sent_at = case when @sent then now() end,
                last_error = @error,
                next_attempt_at = now() + make_interval(secs => least(3600, 2 ^ @attempts))
            where workspace_id = @workspace and id = @id
            """, new { workspace = workspace.Value, id = row.Id, attempts, sent = outcome.Sent, max = MaxAttempts, error = outcome.Error, giveUp = outcome.GiveUp }, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        return (row, outcome);
    }
}
