using Microsoft.Extensions.DependencyInjection;
using SimpleCrm.Data.Email;
using SimpleCrm.Data.Mail;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Data;

/// <summary>
/// The flags that send dispatchers to a workspace are never cleared under work a writer has queued but not yet
/// committed: the dispatcher waits for the writer and sees its work, instead of leaving it for the sweep minutes later.
/// </summary>
public sealed class WorkspaceFlagTests(ApiFixture api) : WorkspaceTest(api, "wflag")
{
    private CrmDatabase Database => Api.Node.Services.GetRequiredService<CrmDatabase>();

    /// <summary>Queued mail the dispatchers leave alone for now: not due for an hour.</summary>
    private const string InsertEmail = """
        insert into email_messages (workspace_id, id, customer_id, purpose, to_address, subject, body_html, body_text, message_id, thread_id, next_attempt_at)
        values (@workspace, @id, @customer, 'transactional', 'flag@example.com', 'Flag', '<p>Flag</p>', 'Flag', @id::text, @id, now() + interval '1 hour')
        """;

    private const string InsertAccountMail = """
        insert into outbox (workspace_id, topic, entity_id, payload, next_attempt_at)
        values (@workspace, 'mail.account', @id, '{"to": "flag@example.com", "subject": "Flag", "body": "Flag"}', now() + interval '1 hour')
        """;

    [Fact]
    public async Task Queued_email_committed_while_the_dispatcher_looks_keeps_the_workspace_flagged()
    {
        var customer = (await Crm.CreateCustomerAsync($"flag-{Guid.NewGuid():N}@example.com")).GetProperty("id").GetGuid();
        var store = Api.Node.Services.GetRequiredService<EmailMessageStore>();
        var earlier = Guid.NewGuid();
        await AssertFlagSurvivesAsync(
            session => session.ExecuteAsync(InsertEmail, new { workspace = Admin.Workspace.Value, id = earlier, customer }),
            session => session.ExecuteAsync(InsertEmail, new { workspace = Admin.Workspace.Value, id = Guid.NewGuid(), customer }),
            session => session.ExecuteAsync("update email_messages set status = 'sent', sent_at = now() where workspace_id = @workspace and id = @earlier",
                new { workspace = Admin.Workspace.Value, earlier }),
            () => store.ClaimDueAsync(Admin.Workspace, 10, TimeSpan.FromMinutes(1)),
            async () => (await store.WorkspacesToVisitAsync(sweep: false)).Contains(Admin.Workspace));
    }

    [Fact]
    public async Task Queued_account_mail_committed_while_the_dispatcher_looks_keeps_the_workspace_flagged()
    {
        var store = Api.Node.Services.GetRequiredService<AccountMailStore>();
        var earlier = Guid.NewGuid();
        await AssertFlagSurvivesAsync(
            session => session.ExecuteAsync(InsertAccountMail, new { workspace = Admin.Workspace.Value, id = earlier }),
            session => session.ExecuteAsync(InsertAccountMail, new { workspace = Admin.Workspace.Value, id = Guid.NewGuid() }),
            session => session.ExecuteAsync("update outbox set processed_at = now() where workspace_id = @workspace and topic = 'mail.account' and entity_id = @earlier",
                new { workspace = Admin.Workspace.Value, earlier }),
            () => store.DeliverNextAsync(Admin.Workspace, _ => throw new InvalidOperationException("nothing is due")),
            async () => (await store.WorkspacesToVisitAsync()).Contains(Admin.Workspace));
    }

    /// <summary>
    /// Earlier work raises the flag; a writer queues more and holds its transaction open; the earlier work is done,
    /// so the dispatcher finds nothing pending that it can see. It must wait for the writer, and once both are done
    /// the workspace is still flagged. (The earlier work ends only after the writer has queued, so the flag is up
    /// throughout and no dispatcher of the test node can clear it first.)
    /// </summary>
    private async Task AssertFlagSurvivesAsync(
        Func<WorkspaceSession, Task> queueEarlier, Func<WorkspaceSession, Task> queue, Func<WorkspaceSession, Task> finishEarlier,
        Func<Task> dispatcherVisit, Func<Task<bool>> flagged)
    {
        await InTransactionAsync(queueEarlier);
        Assert.True(await flagged());
        await using var writer = await Database.BeginAsync(Admin.Workspace);
        await queue(writer);
        await InTransactionAsync(finishEarlier);

        var visit = dispatcherVisit();
        await Task.WhenAny(visit, Task.Delay(TimeSpan.FromMilliseconds(500)));
        Assert.False(visit.IsCompleted, "The dispatcher looked for pending work without waiting for the writer in flight");

        await writer.CommitAsync();
        await visit;
        Assert.True(await flagged(), "The flag was cleared under queued work");
    }

    private async Task InTransactionAsync(Func<WorkspaceSession, Task> work)
    {
        await using var session = await Database.BeginAsync(Admin.Workspace);
        await work(session);
        await session.CommitAsync();
    }
}
