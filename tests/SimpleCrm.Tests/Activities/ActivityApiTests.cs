using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Workspaces;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Activities;

/// <summary>Activities and tasks over HTTP: CRUD, lists and filters, my tasks, bad input, and who may reach what.</summary>
public sealed class ActivityApiTests(ApiFixture api) : ActivityTest(api, "act")
{
    [Fact]
    public async Task An_activity_is_created_read_updated_and_deleted_each_with_its_audit_row_and_timeline_entry()
    {
        var customer = await CustomerAsync();
        var created = await ActivityAsync(new { customer_id = customer, type = "call", direction = "inbound", subject = "Asked about sizes", description = "Wants the linen shirt in XL." });
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(("call", "inbound", 1), (created.GetProperty("type").GetString(), created.GetProperty("direction").GetString(), created.GetProperty("version").GetInt32()));
        Assert.Equal(Admin.Id, created.GetProperty("created_by").GetGuid());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("status").ValueKind);
        Assert.Equal(0, created.GetProperty("attachments").GetArrayLength());

        var read = await Crm.GetAsync($"/api/v1/activities/{id}");
        Assert.Equal("Wants the linen shirt in XL.", read.GetProperty("description").GetString());

        var updated = await (await Http.PutJsonAsync($"/api/v1/activities/{id}", new { subject = "Asked about sizes and colours", version = 1 })).JsonAsync();
        Assert.Equal(("Asked about sizes and colours", 2, "Wants the linen shirt in XL."),
            (updated.GetProperty("subject").GetString(), updated.GetProperty("version").GetInt32(), updated.GetProperty("description").GetString()));

        var stale = await Http.PutJsonAsync($"/api/v1/activities/{id}", new { subject = "Lost update", version = 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.True((await stale.JsonAsync()).GetProperty("errors").TryGetProperty("version", out _));

        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/v1/activities/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/v1/activities/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.DeleteAsync($"/api/v1/activities/{id}")).StatusCode);

        var workspace = await WorkspaceAsync();
        var audit = (await Api.Database.ScalarListAsync<string>(workspace,
            "select action from audit_log where entity_type = 'activity' and entity_id = @id order by id", new { id })).ToList();
        Assert.Equal(["create", "read", "update", "delete"], audit);
        var kinds = await Api.Database.ScalarListAsync<string>(workspace,
            "select kind from timeline_entries where customer_id = @customer and entity_id = @id order by id", new { customer, id });
        Assert.Equal(["activity.created", "activity.updated", "activity.deleted"], kinds);
        var topics = await Api.Database.ScalarListAsync<string>(workspace, "select topic from outbox where entity_id = @id order by id", new { id });
        Assert.Equal(["activity.created", "activity.updated", "activity.deleted"], topics);
    }

    [Fact]
    public async Task Concurrent_edits_of_one_activity_queue_in_its_grain_instead_of_failing_each_other()
    {
        // Edits without a version each apply to the activity as it is then: when one writer takes them one at a time
        // they all succeed; two writers reading the same version would refuse all but one as changed meanwhile.
        var customer = await CustomerAsync();
        var id = (await ActivityAsync(new { customer_id = customer, type = "task", subject = "Call back", due_at = "2031-01-01T09:00:00Z" })).GetProperty("id").GetGuid();
        const int edits = 12;
        var answers = await Task.WhenAll(Enumerable.Range(1, edits).Select(i => i % 2 == 0
            ? Http.PutJsonAsync($"/api/v1/activities/{id}", new { description = $"Edit {i}" })
            : Http.PutJsonAsync($"/api/v1/activities/{id}", new { status = i % 4 == 1 ? "completed" : "pending" })));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var versions = (await Task.WhenAll(answers.Select(a => a.JsonAsync()))).Select(a => a.GetProperty("version").GetInt32()).Order().ToList();
        Assert.Equal(Enumerable.Range(2, edits), versions);
        Assert.Equal(edits + 1, (await Crm.GetAsync($"/api/v1/activities/{id}")).GetProperty("version").GetInt32());
        var updates = await Api.Database.ScalarListAsync<string>(await WorkspaceAsync(),
            "select action from audit_log where entity_type = 'activity' and entity_id = @id and action = 'update'", new { id });
        Assert.Equal(edits, updates.Count());
    }

    [Fact]
    public async Task The_activity_grain_is_the_rule_of_record_and_a_refused_command_writes_nothing()
    {
        // Straight to the grain through the cluster, past every endpoint check: the grain alone must refuse.
        var agent = await MemberAsync("agent");
        var customer = await CustomerAsync();
        var workspace = await WorkspaceAsync();
        var grains = Api.Node.Services.GetRequiredService<IGrainFactory>();
        var context = ChangeContext.System("test");
        var refusals = new (ActivityDraft Draft, string Field)[]
        {
            (new() { CustomerId = customer, Type = ActivityType.Task, Subject = "For an agent", AssignedTo = agent.Id, DueAt = DateTimeOffset.UtcNow.AddDays(1) }, "assigned_to"),
            (new() { CustomerId = customer, Type = ActivityType.Task, Subject = "For nobody", AssignedTo = Guid.NewGuid(), DueAt = DateTimeOffset.UtcNow.AddDays(1) }, "assigned_to"),
            (new() { CustomerId = Guid.NewGuid(), Type = ActivityType.Note, Subject = "Nobody's" }, "customer_id"),
            (new() { CustomerId = customer, Type = ActivityType.Note, Subject = "Due?", DueAt = DateTimeOffset.UtcNow }, "due_at"),
        };
        foreach (var (draft, field) in refusals)
        {
            var id = Guid.CreateVersion7();
            var result = await grains.GetActivity(workspace.WorkspaceId, id).CreateAsync(draft, Admin.Id, context);
            Assert.Equal(CommandOutcome.Invalid, result.Outcome);
            Assert.True(result.Errors.ContainsKey(field), $"{field} in {string.Join(", ", result.Errors.Keys)}");
            Assert.Empty(await Api.Database.ScalarListAsync<Guid>(workspace, "select id from activities where id = @id", new { id }));
            Assert.Empty(await Api.Database.ScalarListAsync<long>(workspace, "select id from audit_log where entity_id = @id", new { id }));
            Assert.Empty(await Api.Database.ScalarListAsync<long>(workspace, "select id from timeline_entries where entity_id = @id", new { id }));
        }

        var task = (await ActivityAsync(new { customer_id = customer, type = "task", subject = "Mine", due_at = "2031-01-01T09:00:00Z" })).GetProperty("id").GetGuid();
        // Creating again under a taken id (a repeated delivery) is a conflict that writes nothing (the entry stays single).
        var again = await grains.GetActivity(workspace.WorkspaceId, task).CreateAsync(new() { CustomerId = customer, Type = ActivityType.Note, Subject = "Again" }, Admin.Id, context);
        Assert.Equal(CommandOutcome.Conflict, again.Outcome);
        var refused = await grains.GetActivity(workspace.WorkspaceId, task).UpdateAsync(new ActivityChanges { AssignedTo = agent.Id }, context);
        Assert.Equal(CommandOutcome.Invalid, refused.Outcome);
        Assert.Equal(1, (await Crm.GetAsync($"/api/v1/activities/{task}")).GetProperty("version").GetInt32());
        Assert.Single(await Api.Database.ScalarListAsync<long>(workspace, "select id from timeline_entries where entity_id = @task", new { task }));
    }

    [Fact]
    public async Task Emails_keep_their_metadata_and_a_customers_activities_are_listed_under_the_customer()
    {
        var customer = await CustomerAsync();
        var email = await ActivityAsync(new
        {
            customer_id = customer,
            type = "email",
            direction = "outbound",
            subject = "Your order has shipped",
            email_metadata = new { from = "Shop <shop@example.com>", to = new[] { "mia@example.com" }, cc = new[] { "ops@example.com" }, message_id = "<abc@example.com>" },
        });
        Assert.Equal("Shop <shop@example.com>", email.GetProperty("email_metadata").GetProperty("from").GetString());
        Assert.Equal("ops@example.com", email.GetProperty("email_metadata").GetProperty("cc")[0].GetString());

        var response = await Http.PostJsonAsync($"/api/v1/customers/{customer}/activities", new { type = "note", description = "Prefers email over calls." });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var note = (await response.JsonAsync()).GetProperty("id").GetGuid();

        var other = await CustomerAsync();
        await ActivityAsync(new { customer_id = other, type = "note", description = "Someone else." });

        var list = await Crm.GetAsync($"/api/v1/customers/{customer}/activities");
        Assert.Equal([note, email.GetProperty("id").GetGuid()], Ids(list));
    }

    [Fact]
    public async Task Lists_filter_by_type_customer_assignee_status_due_time_and_overdue_and_page_without_repeats()
    {
        var manager = await MemberAsync("manager");
        var (c1, c2) = (await CustomerAsync(), await CustomerAsync());
        var note = await IdAsync(new { customer_id = c1, type = "note", description = "n" });
        var call = await IdAsync(new { customer_id = c1, type = "call", subject = "c" });
        var email = await IdAsync(new { customer_id = c2, type = "email", subject = "e" });
        var overdue = await IdAsync(new { customer_id = c1, type = "task", subject = "Call back", due_at = DateTimeOffset.UtcNow.AddHours(-1), assigned_to = manager.Id });
        var later = await IdAsync(new { customer_id = c2, type = "task", subject = "Send catalogue", due_at = DateTimeOffset.UtcNow.AddDays(2) });
        var done = await IdAsync(new { customer_id = c2, type = "task", subject = "Refund", due_at = DateTimeOffset.UtcNow.AddHours(-2), status = "completed", assigned_to = manager.Id });

        Assert.Equal([done, later, overdue], await IdsAsync("/api/v1/activities?type=task"));
        Assert.Equal([email, call], await IdsAsync("/api/v1/activities?type=call,email"));
        Assert.Equal([overdue, call, note], await IdsAsync($"/api/v1/activities?customer_id={c1}"));
        Assert.Equal([done, overdue], await IdsAsync($"/api/v1/activities?assigned_to={manager.Id}"));
        Assert.Equal([later], await IdsAsync($"/api/v1/activities?assigned_to={Admin.Id}"));
        Assert.Equal([later, overdue], await IdsAsync("/api/v1/activities?status=pending"));
        Assert.Equal([overdue], await IdsAsync("/api/v1/activities?overdue=true"));
        Assert.Equal([done, overdue], await IdsAsync($"/api/v1/activities?due_before={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}"));
        Assert.Equal([done, overdue, later, note, call, email], await IdsAsync("/api/v1/activities?sort=due_at,created_at"));
        Assert.Equal([note, call, email, overdue, later, done], await IdsAsync("/api/v1/activities?sort=created_at"));

        // Keyset paging: two at a time, every activity once, newest first.
        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await Crm.GetAsync("/api/v1/activities?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            seen.AddRange(Ids(page));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal([done, later, overdue, email, call, note], seen);
        Assert.Equal(6, (await Crm.GetAsync("/api/v1/activities?include_total=true&limit=1")).GetProperty("total").GetInt64());

        foreach (var bad in new[] { "?type=fax", "?status=done", "?due_before=soon", "?overdue=maybe", "?assignee=x", "?sort=subject", "?customer_id=42" })
        {
            var response = await Http.GetAsync("/api/v1/activities" + bad);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{bad}: {(int)response.StatusCode}");
            var field = bad[1..bad.IndexOf('=', StringComparison.Ordinal)];
            Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), $"{bad} does not name {field}");
        }
    }

    [Fact]
    public async Task My_tasks_are_the_callers_soonest_due_first_and_completing_one_is_idempotent()
    {
        var manager = await MemberAsync("manager");
        var customer = await CustomerAsync();
        var soon = await IdAsync(new { customer_id = customer, type = "task", subject = "Soon", due_at = DateTimeOffset.UtcNow.AddHours(1), assigned_to = manager.Id });
        var late = await IdAsync(new { customer_id = customer, type = "task", subject = "Late", due_at = DateTimeOffset.UtcNow.AddMinutes(-30), assigned_to = manager.Id });
        var someoneElses = await IdAsync(new { customer_id = customer, type = "task", subject = "Mine", due_at = DateTimeOffset.UtcNow.AddHours(1) });
        var mine = (await manager.Http.PostJsonAsync("/api/v1/activities", new { customer_id = customer, type = "task", subject = "Self-assigned", due_at = DateTimeOffset.UtcNow.AddDays(1) })).JsonAsync();
        var selfAssigned = (await mine).GetProperty("id").GetGuid();
        Assert.Equal(manager.Id, (await mine).GetProperty("assigned_to").GetGuid());

        var managerCrm = new CrmApiClient(manager.Http);
        Assert.Equal([late, soon, selfAssigned], Ids(await managerCrm.GetAsync("/api/v1/tasks/mine")));
        Assert.Equal([late], Ids(await managerCrm.GetAsync("/api/v1/tasks/mine?overdue=true")));
        Assert.Equal([someoneElses], Ids(await Crm.GetAsync("/api/v1/tasks/mine?status=pending")));

        var completed = await (await manager.Http.PostAsync($"/api/v1/activities/{late}/complete", null)).JsonAsync();
        Assert.Equal(("completed", 2), (completed.GetProperty("status").GetString(), completed.GetProperty("version").GetInt32()));
        Assert.True(completed.GetProperty("completed_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
        var again = await (await manager.Http.PostAsync($"/api/v1/activities/{late}/complete", null)).JsonAsync();
        Assert.Equal(2, again.GetProperty("version").GetInt32());

        Assert.Equal([soon, selfAssigned], Ids(await managerCrm.GetAsync("/api/v1/tasks/mine?status=pending")));
        Assert.Equal([late], Ids(await managerCrm.GetAsync("/api/v1/tasks/mine?status=completed")));
        Assert.Empty(Ids(await managerCrm.GetAsync("/api/v1/tasks/mine?overdue=true")));

        // Reopening clears completed_at; a note cannot be completed.
        var reopened = await (await manager.Http.PutJsonAsync($"/api/v1/activities/{late}", new { status = "pending" })).JsonAsync();
        Assert.Equal(JsonValueKind.Null, reopened.GetProperty("completed_at").ValueKind);
        var note = await IdAsync(new { customer_id = customer, type = "note", description = "n" });
        var refused = await Http.PostAsync($"/api/v1/activities/{note}/complete", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        var workspace = await WorkspaceAsync();
        var kinds = await Api.Database.ScalarListAsync<string>(workspace, "select kind from timeline_entries where entity_id = @late order by id", new { late });
        Assert.Equal(["activity.created", "activity.completed", "activity.reopened"], kinds);
    }

    [Fact]
    public async Task Bad_input_is_refused_naming_the_field_and_nothing_is_stored()
    {
        var customer = await CustomerAsync();
        var existing = await IdAsync(new { customer_id = customer, type = "note", description = "kept" });
        var before = await CountsAsync();

        var cases = new (object Body, string Field)[]
        {
            (new { customer_id = customer, type = "fax", subject = "x" }, "type"),
            (new { customer_id = customer, subject = "no type" }, "type"),
            (new { customer_id = customer, type = "task", subject = "No due date" }, "due_at"),
            (new { customer_id = customer, type = "task", subject = "Bad date", due_at = "tomorrow" }, "due_at"),
            (new { customer_id = Guid.NewGuid(), type = "note", description = "Nobody" }, "customer_id"),
            (new { type = "note", description = "No customer" }, "customer_id"),
            (new { customer_id = customer, type = "note" }, "subject"),
            (new { customer_id = customer, type = "note", description = "x", direction = "inbound" }, "direction"),
            (new { customer_id = customer, type = "call", subject = "x", due_at = DateTimeOffset.UtcNow }, "due_at"),
            (new { customer_id = customer, type = "task", subject = "x", due_at = DateTimeOffset.UtcNow, assigned_to = Guid.NewGuid() }, "assigned_to"),
            (new { customer_id = customer, type = "task", subject = "x", due_at = DateTimeOffset.UtcNow, status = "done" }, "status"),
            (new { customer_id = customer, type = "note", subject = new string('s', 301) }, "subject"),
            (new { customer_id = customer, type = "email", subject = "x", email_metadata = new { to = new[] { "not an address" } } }, "email_metadata"),
            (new { customer_id = customer, type = "note", description = "x", color = "red" }, "color"),
        };
        foreach (var (body, field) in cases)
        {
            var response = await Http.PostJsonAsync("/api/v1/activities", body);
            var problem = await response.JsonAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{JsonSerializer.Serialize(body)}: {(int)response.StatusCode} {problem}");
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{JsonSerializer.Serialize(body)} does not name {field}: {problem}");
        }

        // Updates: type and customer never change; a task keeps a due time.
        foreach (var (body, field) in new (object, string)[] { (new { type = "task" }, "type"), (new { customer_id = customer }, "customer_id"), (new { due_at = "2030-13-45" }, "due_at") })
        {
            var response = await Http.PutJsonAsync($"/api/v1/activities/{existing}", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), field);
        }

        Assert.Equal(before, await CountsAsync());
        Assert.Equal(1, (await Crm.GetAsync($"/api/v1/activities/{existing}")).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Agents_reach_only_activities_of_customers_assigned_to_them()
    {
        var agent = await MemberAsync("agent");
        var theirs = await CustomerAsync(owner: agent.Id);
        var notTheirs = await CustomerAsync();
        var visible = await IdAsync(new { customer_id = theirs, type = "task", subject = "Follow up", due_at = DateTimeOffset.UtcNow.AddHours(3), assigned_to = agent.Id });
        var hidden = await IdAsync(new { customer_id = notTheirs, type = "note", description = "Private" });
        var hiddenTask = await IdAsync(new { customer_id = notTheirs, type = "task", subject = "Someone else's", due_at = DateTimeOffset.UtcNow.AddHours(3) });

        var crm = new CrmApiClient(agent.Http);
        Assert.Equal([visible], Ids(await crm.GetAsync("/api/v1/activities")));
        Assert.Empty(Ids(await crm.GetAsync($"/api/v1/activities?customer_id={notTheirs}")));
        Assert.Equal([visible], Ids(await crm.GetAsync("/api/v1/tasks/mine")));
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync($"/api/v1/activities/{visible}")).StatusCode);

        foreach (var request in new Func<Task<HttpResponseMessage>>[]
        {
            () => agent.Http.GetAsync($"/api/v1/activities/{hidden}"),
            () => agent.Http.PutJsonAsync($"/api/v1/activities/{hidden}", new { subject = "mine now" }),
            () => agent.Http.DeleteAsync($"/api/v1/activities/{hidden}"),
            () => agent.Http.PostAsync($"/api/v1/activities/{hiddenTask}/complete", null),
            () => agent.Http.GetAsync($"/api/v1/customers/{notTheirs}/activities"),
            () => agent.Http.PostJsonAsync($"/api/v1/customers/{notTheirs}/activities", new { type = "note", description = "x" }),
            () => agent.Http.GetAsync($"/api/v1/customers/{notTheirs}/timeline"),
        })
        {
            var response = await request();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var onOthers = await agent.Http.PostJsonAsync("/api/v1/activities", new { customer_id = notTheirs, type = "note", description = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, onOthers.StatusCode);
        Assert.True((await onOthers.JsonAsync()).GetProperty("errors").TryGetProperty("customer_id", out _));

        // A task goes to an agent only on a customer of theirs (they could not see it otherwise).
        var misassigned = await Http.PostJsonAsync("/api/v1/activities", new { customer_id = notTheirs, type = "task", subject = "x", due_at = DateTimeOffset.UtcNow.AddHours(1), assigned_to = agent.Id });
        Assert.Equal(HttpStatusCode.BadRequest, misassigned.StatusCode);
        Assert.True((await misassigned.JsonAsync()).GetProperty("errors").TryGetProperty("assigned_to", out _));

        // Readonly members read, never write.
        var reader = await MemberAsync("readonly");
        Assert.Equal(3, Ids(await new CrmApiClient(reader.Http).GetAsync("/api/v1/activities")).Count);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.Http.PostJsonAsync("/api/v1/activities", new { customer_id = theirs, type = "note", description = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.Http.DeleteAsync($"/api/v1/activities/{visible}")).StatusCode);
    }

    private async Task<Guid> IdAsync(object body) => (await ActivityAsync(body)).GetProperty("id").GetGuid();

    private async Task<IReadOnlyList<Guid>> IdsAsync(string url) => Ids(await Crm.GetAsync(url));

    private async Task<Workspace> WorkspaceAsync() => await Api.Database.CreateWorkspaceAsync(Workspace);

    private async Task<(long Activities, long Timeline, long Audit, long Outbox, long Attachments)> CountsAsync() =>
        (await CountAsync("activities"), await CountAsync("timeline_entries"), await CountAsync("audit_log where action <> 'read'"), await CountAsync("outbox"), await CountAsync("activity_attachments"));
}

internal static class TestDatabaseLists
{
    public static async Task<IReadOnlyList<T>> ScalarListAsync<T>(this TestDatabase database, Workspace workspace, string sql, object? parameters = null)
    {
        await using var session = await database.Database.BeginAsync(workspace.WorkspaceId);
        return (await session.QueryAsync<T>(sql, parameters)).ToList();
    }
}
