using SimpleCrm.Data.Changes;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Data;

/// <summary>Old outbox rows nobody owes anything go; undelivered webhooks, unsent account mail and young rows stay.</summary>
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
                    (@ws, 'order.created', gen_random_uuid(), '{"kept": "webhook owed"}', now() - interval '40 days', null, null),
                    (@ws, 'order.created', gen_random_uuid(), '{"kept": "young"}', now() - interval '1 day', null, null)
                """, new { ws = ws.Value });
            await session.ExecuteAsync("update outbox set webhook_pending = true where payload ->> 'kept' = 'webhook owed'");
            await session.CommitAsync();
        }

        var deleted = await new OutboxHistory(database.Database).PurgeAsync(workspace, TimeSpan.FromDays(30));

        Assert.Equal(OutboxHistory.Batch + 5 + 1, deleted);
        await using var check = await database.Database.BeginAsync(workspace);
        var kept = (await check.QueryAsync<string>("select payload ->> 'kept' from outbox order by 1")).ToList();
        Assert.Equal(["unsent mail", "webhook owed", "young"], kept);
        await using var untouched = await database.Database.BeginAsync(other);
        Assert.Equal(OutboxHistory.Batch + 5 + 4L, await untouched.QuerySingleOrDefaultAsync<long>("select count(*) from outbox"));
    }
}
