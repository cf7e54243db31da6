using SimpleCrm.Data.Changes;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Data;

/// <summary>
/// Old outbox rows nobody owes anything go, with their delivery log; undelivered webhooks (pending or fanned out to a
/// delivery still being retried), unsent account mail and young rows stay.
/// </summary>
public sealed class OutboxHistoryTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task Purge_deletes_only_old_rows_no_consumer_still_owes_in_batches_and_only_in_its_workspace()
    {
        var workspace = (await database.CreateWorkspaceAsync("outbox-history")).WorkspaceId;
        var other = (await database.CreateWorkspaceAsync("outbox-other")).WorkspaceId;
        foreach (var ws in new[] { workspace, other })
        {
            await using var session = await database.Database.BeginAsync(ws);
            // More old history than one batch, so the purge must loop.
            await session.ExecuteAsync("""
                insert into outbox (workspace_id, topic, entity_id, payload, occurred_at)
                select @ws, 'customer.updated', gen_random_uuid(), '{}', now() - interval '40 days' from generate_series(1, @count)
                """, new { ws = ws.Value, count = OutboxHistory.Batch + 5 });
            await session.ExecuteAsync("""
                insert into outbox (workspace_id, topic, entity_id, payload, occurred_at, processed_at, next_attempt_at) values
                    (@ws, 'mail.account', gen_random_uuid(), '{"kept": "unsent mail"}', now() - interval '40 days', null, now()),
                    (@ws, 'mail.account', gen_random_uuid(), '{}', now() - interval '40 days', now() - interval '40 days', null),
                    (@ws, 'order.created', gen_random_uuid(), '{"kept": "webhook owed"}', now() - interval '40 days', null, null)
                """, new { ws = ws.Value });
            await session.ExecuteAsync("update outbox set webhook_pending = true where payload ->> 'kept' = 'webhook owed'");
            // Fanned out to a subscription: one delivery still being retried (kept), one that succeeded (goes, with its row).
            await session.ExecuteAsync("""
                insert into webhook_subscriptions (workspace_id, id, url, events, secret) values (@ws, @subscription, 'https://example.com/hook', '{order.created}', 'x');
                insert into outbox (workspace_id, topic, entity_id, payload, occurred_at) values
                    (@ws, 'order.created', gen_random_uuid(), '{"kept": "delivery pending"}', now() - interval '40 days'),
                    (@ws, 'order.created', gen_random_uuid(), '{"delivered": true}', now() - interval '40 days');
                insert into webhook_deliveries (workspace_id, id, subscription_id, outbox_id, event, status)
                select @ws, gen_random_uuid(), @subscription, id, topic, case when payload ? 'kept' then 'pending' else 'succeeded' end
                from outbox where payload ->> 'kept' = 'delivery pending' or payload ? 'delivered';
                update outbox set webhook_pending = false where payload ->> 'kept' = 'delivery pending' or payload ? 'delivered'; -- as the fan-out does
                """, new { ws = ws.Value, subscription = Guid.NewGuid() });
            // Written last, as the newest rows are (ids follow time).
            await session.ExecuteAsync("""
                insert into outbox (workspace_id, topic, entity_id, payload, occurred_at) values (@ws, 'customer.updated', gen_random_uuid(), '{"kept": "young"}', now() - interval '1 day')
                """, new { ws = ws.Value });
            await session.CommitAsync();
        }

        var deleted = await new OutboxHistory(database.Database).PurgeAsync(workspace, TimeSpan.FromDays(30));

        Assert.Equal(OutboxHistory.Batch + 5 + 2, deleted);
        await using var check = await database.Database.BeginAsync(workspace);
        var kept = (await check.QueryAsync<string>("select payload ->> 'kept' from outbox order by 1")).ToList();
        Assert.Equal(["delivery pending", "unsent mail", "webhook owed", "young"], kept);
        Assert.Equal(["pending"], await check.QueryAsync<string>("select status from webhook_deliveries"));
        await using var untouched = await database.Database.BeginAsync(other);
        Assert.Equal(OutboxHistory.Batch + 5 + 6L, await untouched.QuerySingleOrDefaultAsync<long>("select count(*) from outbox"));
    }
}
