using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using SimpleCrm.Api.Operations;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Operations;

/// <summary>
/// The outbox gauge counts what a consumer still owes (webhook deliveries, account mail), not the history of every
/// change: most outbox rows have no consumer, and counting them made the backlog grow with every change forever.
/// </summary>
public sealed class OutboxBacklogTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task Only_undelivered_webhooks_and_unsent_account_mail_count_as_outbox_backlog()
    {
        var workspace = (await database.CreateWorkspaceAsync("outbox-backlog")).WorkspaceId;
        var sampler = new BacklogSampler(database.Database, new ConfigurationBuilder().Build(), NullLogger<BacklogSampler>.Instance);
        var before = await sampler.SampleAsync(CancellationToken.None);

        await using (var session = await database.Database.BeginAsync(workspace))
        {
            // History: a change nobody subscribed to, and account mail already sent.
            await session.ExecuteAsync("""
                insert into outbox (workspace_id, topic, entity_id, payload, occurred_at) values
                    (@ws, 'customer.updated', gen_random_uuid(), '{}', now() - interval '2 days'),
                    (@ws, 'mail.account', gen_random_uuid(), '{}', now() - interval '2 days')
                """, new { ws = workspace.Value });
            await session.ExecuteAsync("update outbox set processed_at = now() where topic = 'mail.account'");
            // Owed: a webhook delivery (flagged as the trigger flags it for a subscribed topic) and a queued account mail.
            await session.ExecuteAsync("""
                insert into outbox (workspace_id, topic, entity_id, payload, occurred_at) values
                    (@ws, 'order.created', gen_random_uuid(), '{}', now() - interval '90 seconds')
                """, new { ws = workspace.Value });
            await session.ExecuteAsync("update outbox set webhook_pending = true where topic = 'order.created'");
            await session.ExecuteAsync("""
                insert into outbox (workspace_id, topic, entity_id, payload, next_attempt_at, occurred_at)
                values (@ws, 'mail.account', gen_random_uuid(), '{}', now(), now() - interval '30 seconds')
                """, new { ws = workspace.Value });
            await session.CommitAsync();
        }

        var after = await sampler.SampleAsync(CancellationToken.None);
        Assert.Equal(2, after.OutboxDepth - before.OutboxDepth);
        Assert.InRange(after.OutboxAgeSeconds, 85, 3_600); // the oldest owed row, not the two-day-old history
    }
}
