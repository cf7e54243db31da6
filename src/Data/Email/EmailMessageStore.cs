using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Activities;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Data.Workspaces;

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

    /// <summary>When the message became the provider's (see <see cref="EmailMessageStore.HandOverAsync"/>); set while a send is in flight or was cut short.</summary>
    public DateTimeOffset? HandedOverAt { get; init; }
}

/// <summary>How one delivery attempt ended.</summary>
/// <param name="GiveUp">Never retry (the address is undeliverable, or the provider refused the message for good).</param>
public sealed record DeliveryOutcome(bool Sent, string? Error, bool GiveUp = false);

/// <summary>One attempt to record: the message, how it ended and, when it was sent, the email activity for the customer's timeline.</summary>
public sealed record DeliveryRecord(EmailMessageRow Message, DeliveryOutcome Outcome, ActivityDraft? Activity);

/// <summary>
/// Queued customer email and its delivery (row-level security, and every query names the workspace too). Senders claim
/// due messages in batches. Each send is marked handed over at the last moment before the provider can accept it
/// (<see cref="HandOverAsync"/>), and its attempt is recorded when it ends, with the sent mail's timeline activity in the
/// same transaction; both are committed in groups across senders (<see cref="GroupCommit{TWrite,TResult}"/>). A message
/// found claimed again with the mark set and no record was taken by the provider before its node died: it is recorded
/// as sent, not sent again.
/// </summary>
public sealed class EmailMessageStore : IAsyncDisposable
{
    public const int MaxAttempts = 8;

    private readonly CrmDatabase database;
    private readonly ActivityStore activities;
    private readonly GroupCommit<DeliveryRecord, TimelineEntry?> records;
    private readonly GroupCommit<Guid, bool> handOvers;

    public EmailMessageStore(CrmDatabase database, ActivityStore activities)
    {
        this.database = database;
        this.activities = activities;
        records = new(database, RecordManyAsync);
        // No linger: a sender holds its provider connection, mid-message, until its mark commits. Released inline: the
        // sender's end line leaves within microseconds of the commit, not after a wait for a pool thread (under load,
        // milliseconds in which a crash would lose the mail).
        handOvers = new(database, HandOverManyAsync, linger: TimeSpan.Zero, releaseInline: true);
    }

    public async ValueTask DisposeAsync()
    {
        await handOvers.DisposeAsync();
        await records.DisposeAsync();
    }

    private const string Columns = """
        id, customer_id, template_id, language, purpose, to_address, subject, body_html, body_text, message_id, thread_id, in_reply_to, unsubscribe_url,
        status, attempts, next_attempt_at, last_error, created_by, created_at, sent_at, handed_over_at
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
    /// Claims up to <paramref name="limit"/> due messages of the workspace, oldest first, skipping any another sender
    /// holds: their next attempt moves <paramref name="lease"/> ahead, so no other sender takes them meanwhile, and a
    /// sender that dies leaves them due again when the lease ends. When nothing is due and nothing is queued, the
    /// workspace's flag is cleared.
    /// </summary>
    public async Task<IReadOnlyList<EmailMessageRow>> ClaimDueAsync(WorkspaceId workspace, int limit, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var claimed = (await session.QueryAsync<EmailMessageRow>($"""
            with due as (
                select id as due_id from email_messages
                where workspace_id = @workspace and status = 'queued' and next_attempt_at <= now()
                order by next_attempt_at, id
                limit @limit
                for update skip locked)
            update email_messages set next_attempt_at = now() + make_interval(secs => @leaseSeconds)
            from due
            where workspace_id = @workspace and id = due.due_id
            returning {Columns}
            """, new { workspace = workspace.Value, limit, leaseSeconds = lease.TotalSeconds }, cancellationToken)).ToList();
        if (claimed.Count == 0)
        {
            await WorkspaceFlags.LowerWhenIdleAsync(session, WorkspaceFlags.QueuedEmail,
                "select 1 from email_messages where workspace_id = @workspace and status = 'queued'", cancellationToken);
        }

        await session.CommitAsync(cancellationToken);
        return claimed.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToList();
    }

    /// <summary>Hands claimed messages that were not attempted (the sender is stopping) back at once.</summary>
    public async Task ReleaseAsync(WorkspaceId workspace, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync("""
            update email_messages set next_attempt_at = now()
            where workspace_id = @workspace and id = any(@ids) and status = 'queued'
            """, new { workspace = workspace.Value, ids = ids.ToArray() }, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Marks the message as the provider's: committed when this returns, and called by the transport at the last moment
    /// before the provider can accept the message. From then on a crash cannot make it go out twice, since a claim that
    /// finds the mark records the send instead of repeating it. The cost is the reverse window: a node that dies after
    /// the mark but before its last bytes leave (microseconds, a socket write) loses that one message.
    /// </summary>
    public Task HandOverAsync(WorkspaceId workspace, Guid messageId) =>
        handOvers.WriteAsync(workspace, messageId, CancellationToken.None);

    private static async Task<IReadOnlyList<bool>> HandOverManyAsync(WorkspaceSession session, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        // The commit does not wait for the disk: a node's death keeps it (the database has it); only a crash of the
        // database itself within the WAL writer's delay could forget a mark, and the send would then be repeated.
        await session.ExecuteAsync("set local synchronous_commit = off", null, cancellationToken);
        await session.ExecuteAsync(
            "update email_messages set handed_over_at = now() where workspace_id = @workspace and id = any(@ids)",
            new { workspace = session.Workspace.Value, ids = ids.ToArray() }, cancellationToken);
        return ids.Select(_ => true).ToList();
    }

    /// <summary>
    /// Records how an attempt ended: sent, or retried later with exponential backoff, or failed after
    /// <see cref="MaxAttempts"/>; a sent mail's activity is written with it. Committed when this returns.
    /// </summary>
    /// <returns>The timeline entry of the sent mail's activity, for the live timeline; null when none was written.</returns>
    public Task<TimelineEntry?> RecordAsync(WorkspaceId workspace, DeliveryRecord record) =>
        // Not cancelled by shutdown: the mail's timeline entry and status are written now rather than at the next claim.
        records.WriteAsync(workspace, record, CancellationToken.None);

    private async Task<IReadOnlyList<TimelineEntry?>> RecordManyAsync(WorkspaceSession session, IReadOnlyList<DeliveryRecord> items, CancellationToken cancellationToken)
    {
        // Not waiting for the disk, like the marks: a node's death keeps the commit, and the disk's flush would only
        // compete with everything else writing (a bulk send's queueing) for the same WAL.
        await session.ExecuteAsync("set local synchronous_commit = off", null, cancellationToken);
        // A failed attempt clears the hand-over mark: the provider refused the message, so a later claim must send it.
        await session.ExecuteAsync("""
            update email_messages m set
                attempts = r.attempts,
                status = case when r.sent then 'sent' when r.give_up or r.attempts >= @max then 'failed' else 'queued' end,
                sent_at = case when r.sent then now() end,
                last_error = r.error,
                handed_over_at = case when r.sent then m.handed_over_at end,
                next_attempt_at = now() + make_interval(secs => least(3600, 2 ^ r.attempts))
            from unnest(@ids, @attempts, @sent, @giveUp, @errors) as r(id, attempts, sent, give_up, error)
            where m.workspace_id = @workspace and m.id = r.id
            """, new
        {
            workspace = session.Workspace.Value,
            max = MaxAttempts,
            ids = items.Select(r => r.Message.Id).ToArray(),
            attempts = items.Select(r => r.Message.Attempts + 1).ToArray(),
            sent = items.Select(r => r.Outcome.Sent).ToArray(),
            giveUp = items.Select(r => r.Outcome.GiveUp).ToArray(),
            errors = items.Select(r => r.Outcome.Error).ToArray(),
        }, cancellationToken);

        // The sent mails' activities with three statements for the whole group, not three per mail.
        var sent = items.Where(r => r is { Outcome.Sent: true, Activity: not null }).ToList();
        var writes = await activities.InsertManyAsync(session,
            sent.Select(r => new ActivityInsert(r.Message.Id, r.Activity!, r.Message.CreatedBy)).ToList(), ChangeContext.System("email"), cancellationToken);
        var entries = sent.Zip(writes).Where(w => w.Second is not null).ToDictionary(w => w.First.Message.Id, w => w.Second!.Entry);
        return items.Select(r => r.Outcome.Sent ? entries.GetValueOrDefault(r.Message.Id) : null).ToList();
    }
}
