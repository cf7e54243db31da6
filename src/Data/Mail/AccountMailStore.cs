using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Data.Workspaces;

namespace SimpleCrm.Data.Mail;

/// <summary>An account mail (invitation, password reset) as queued in the outbox.</summary>
public sealed class AccountMailRow
{
    public long Id { get; init; }
    public string To { get; init; } = "";
    public string Subject { get; init; } = "";
    public string Body { get; init; } = "";
    public string MessageId { get; init; } = "";
    public int Attempts { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// Account mail in the outbox (topic mail.account): queued in the transaction that decided to send it, then
/// claimed one at a time (FOR UPDATE SKIP LOCKED, so two nodes never send the same row) and marked processed
/// in the same transaction as the attempt, or retried later with exponential backoff.
/// </summary>
public sealed class AccountMailStore(CrmDatabase database)
{
    public const string Topic = "mail.account";
    public const int MaxAttempts = 8;

    public async Task QueueAsync(WorkspaceId workspace, Guid userId, string to, string subject, string body, string messageId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync(
            "insert into outbox (workspace_id, topic, entity_id, payload, next_attempt_at) values (@workspace, @topic, @userId, @payload::jsonb, now())",
            new { workspace = workspace.Value, topic = Topic, userId, payload = System.Text.Json.JsonSerializer.Serialize(new { to, subject, body, message_id = messageId }) },
            cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WorkspaceId>> WorkspacesToVisitAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return (await Dapper.SqlMapper.QueryAsync<Guid>(connection, new Dapper.CommandDefinition(
                "select id from workspaces where has_queued_account_mail", cancellationToken: cancellationToken)))
            .Select(id => new WorkspaceId(id)).ToList();
    }

    /// <summary>Claims one due account mail, lets <paramref name="deliver"/> send it and records the outcome; null when none is due.</summary>
    public async Task<(AccountMailRow Mail, string? Error)?> DeliverNextAsync(
        WorkspaceId workspace, Func<AccountMailRow, Task<(bool Sent, string? Error, bool GiveUp)>> deliver, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<AccountMailRow>($"""
            select id, payload ->> 'to' as "to", payload ->> 'subject' as subject, payload ->> 'body' as body,
                   coalesce(payload ->> 'message_id', '') as messageid, attempts, occurred_at as occurredat
            from outbox
            where workspace_id = @workspace and topic = '{Topic}' and processed_at is null and next_attempt_at <= now()
            order by next_attempt_at, id
            limit 1
            for update skip locked
            """, new { workspace = workspace.Value }, cancellationToken);
        if (row is null)
        {
            await WorkspaceFlags.LowerWhenIdleAsync(session, WorkspaceFlags.QueuedAccountMail,
                $"select 1 from outbox where workspace_id = @workspace and topic = '{Topic}' and processed_at is null and next_attempt_at is not null",
                cancellationToken);
            await session.CommitAsync(cancellationToken);
            return null;
        }

        var (sent, error, giveUp) = await deliver(row);
        // Recorded even when the node is stopping: the provider may have taken the mail, and a rollback would send it again.
        var attempts = row.Attempts + 1;
        await session.ExecuteAsync("""
            update outbox set
                attempts = @attempts,
                processed_at = case when @sent or @giveUp or @attempts >= @max then now() end,
                last_error = @error,
                next_attempt_at = now() + make_interval(secs => least(3600, 2 ^ @attempts))
            where workspace_id = @workspace and id = @id
            """, new { workspace = workspace.Value, id = row.Id, attempts, sent, giveUp, max = MaxAttempts, error }, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        return (row, error);
    }
}
