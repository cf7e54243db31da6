using System.Text.Json;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Activities;
using SimpleCrm.Data.Workspaces;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Activities;

/// <summary>
/// Activities written many at once (the sent-email records of a group commit) are stored exactly as activities written
/// one by one: the row, its timeline entry, its audit row and its outbox event, each answered to the right insert.
/// </summary>
public sealed class ActivityBatchInsertTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private ActivityStore store = null!;
    private Workspace workspace = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        store = new ActivityStore(database.Database);
        workspace = await database.CreateWorkspaceAsync("batch-shop");
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task A_batch_writes_each_activity_with_its_timeline_entry_audit_and_event_and_leaves_out_unknown_customers_and_taken_ids()
    {
        var customers = new[] { await CustomerAsync("ana@example.com"), await CustomerAsync("ben@example.com"), await CustomerAsync("cleo@example.com") };
        var taken = Guid.NewGuid();
        var single = Guid.NewGuid();
        await using (var session = await database.Database.BeginAsync(workspace.WorkspaceId))
        {
            Assert.NotNull(await store.InsertAsync(session, taken, Mail(customers[0], "First"), null, ChangeContext.System("email")));
            Assert.NotNull(await store.InsertAsync(session, single, Mail(customers[1], "Alone"), null, ChangeContext.System("email")));
            await session.CommitAsync();
        }

        var inserts = new List<ActivityInsert>
        {
            new(Guid.NewGuid(), Mail(customers[0], "One"), null),
            new(Guid.NewGuid(), Mail(Guid.NewGuid(), "Nobody's"), null),
            new(Guid.NewGuid(), Mail(customers[1], "Two"), null),
            new(taken, Mail(customers[0], "Again"), null),
            new(Guid.NewGuid(), Mail(customers[2], "Three"), null),
            new(Guid.NewGuid(), Mail(customers[1], "Four"), null),
        };
        IReadOnlyList<ActivityWrite?> writes;
        await using (var session = await database.Database.BeginAsync(workspace.WorkspaceId))
        {
            writes = await store.InsertManyAsync(session, inserts, ChangeContext.System("email"));
            await session.CommitAsync();
        }

        Assert.Equal(inserts.Count, writes.Count);
        Assert.Null(writes[1]);
        Assert.Null(writes[3]);
        foreach (var (insert, write) in inserts.Zip(writes).Where(w => w.Second is not null))
        {
            Assert.Equal(insert.Id, write!.Activity.Id);
            Assert.Equal(insert.Id, write.Entry.EntityId);
            Assert.Equal(insert.Draft.CustomerId, write.Entry.CustomerId);
            Assert.Equal("activity.created", write.Entry.Kind);
            Assert.Equal(insert.Draft.Subject, JsonDocument.Parse(write.Entry.DataJson).RootElement.GetProperty("subject").GetString());

            var stored = await store.LoadAsync(workspace.WorkspaceId, insert.Id);
            Assert.NotNull(stored);
            Assert.Equal(insert.Draft.CustomerId, stored.CustomerId);
            Assert.Equal(ActivityType.Email, stored.Type);
            Assert.Equal(ActivityDirection.Outbound, stored.Direction);
            Assert.Equal(insert.Draft.Subject, stored.Subject);
            Assert.Equal(insert.Draft.EmailMetadata, stored.EmailMetadata! with { To = insert.Draft.EmailMetadata!.To });
            Assert.Equal(insert.Draft.EmailMetadata!.To, stored.EmailMetadata!.To);
            Assert.Equal(1, await CountAsync("select count(*) from audit_log where entity_type = 'activity' and entity_id = @id and action = 'create'", insert.Id));
            Assert.Equal(1, await CountAsync("select count(*) from outbox where topic = 'activity.created' and entity_id = @id", insert.Id));
            Assert.Equal(1, await CountAsync("select count(*) from timeline_entries where entity_id = @id", insert.Id));
        }

        // The taken id keeps its first activity; the unknown customer's activity is nowhere.
        Assert.Equal("First", (await store.LoadAsync(workspace.WorkspaceId, taken))!.Subject);
        Assert.Equal(1, await CountAsync("select count(*) from timeline_entries where entity_id = @id", taken));
        Assert.Null(await store.LoadAsync(workspace.WorkspaceId, inserts[1].Id));
        Assert.Equal(0, await CountAsync("select count(*) from outbox where entity_id = @id", inserts[1].Id));

        // What the timeline holds for a batched activity is what it holds for one written alone.
        var alone = await DataAsync(single);
        var batched = await DataAsync(inserts[2].Id);
        Assert.Equal(alone.Replace("Alone", "Two", StringComparison.Ordinal), batched);
    }

    private static ActivityDraft Mail(Guid customer, string subject) => new()
    {
        CustomerId = customer,
        Type = ActivityType.Email,
        Direction = ActivityDirection.Outbound,
        Subject = subject,
        Description = $"{subject}, in full.",
        EmailMetadata = new EmailMetadata
        {
            From = "shop@example.com",
            To = [$"{subject.ToLowerInvariant()}@example.com"],
            MessageId = $"<{Guid.NewGuid():N}@example.com>",
            TemplateId = Guid.NewGuid(),
            Language = "de",
        },
    };

    private async Task<Guid> CustomerAsync(string email)
    {
        var id = Guid.NewGuid();
        await using var session = await database.Database.BeginAsync(workspace.WorkspaceId);
        await session.ExecuteAsync("""
            insert into customers (workspace_id, id, first_name, last_name, email, country_code, timezone, language, currency, status, created_at, updated_at, version)
            values (@workspace, @id, 'T', 'T', @email, 'DE', 'UTC', 'de', 'EUR', 'active', now(), now(), 1)
            """, new { workspace = workspace.Id, id, email });
        await session.CommitAsync();
        return id;
    }

    private Task<long> CountAsync(string sql, Guid id) => database.ScalarAsync<long>(workspace, sql, new { id });

    private async Task<string> DataAsync(Guid activity)
    {
        var data = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(
            await database.ScalarAsync<string>(workspace, "select data::text from timeline_entries where entity_id = @activity", new { activity }))!;
        return JsonSerializer.Serialize(data.OrderBy(p => p.Key).ToDictionary());
    }
}
