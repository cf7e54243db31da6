using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Activities;

/// <summary>A task's due time is an Orleans reminder (in PostgreSQL) that becomes the assignee's notification.</summary>
public sealed class TaskReminderTests(ApiFixture api, ITestOutputHelper output) : ActivityTest(api, "rem")
{
    [Fact]
    public async Task A_due_task_notifies_its_assignee_over_the_api_and_live_then_its_reminder_is_gone()
    {
        var manager = await MemberAsync("manager");
        await using var live = await LiveEvents.ConnectAsync(Api.Node.Address, manager.AccessToken);
        var customer = await CustomerAsync();
        var due = DateTimeOffset.UtcNow.AddSeconds(5);
        var task = (await ActivityAsync(new { customer_id = customer, type = "task", subject = "Call Mia back", due_at = due, assigned_to = manager.Id })).GetProperty("id").GetGuid();
        Assert.Equal(1, await ReminderRowsAsync(task));

        var (pushed, _) = await live.FirstAsync("Notification", timeout: TimeSpan.FromSeconds(75));
        var lateness = DateTimeOffset.UtcNow - due;
        output.WriteLine($"Reminder due {due:O}; notification pushed {lateness.TotalMilliseconds:F0} ms after the due time.");
        Assert.InRange(lateness, TimeSpan.FromMilliseconds(-1000), TimeSpan.FromSeconds(20));
        Assert.Equal(("task.due", task, manager.Id), (pushed.GetProperty("kind").GetString(), pushed.GetProperty("data").GetProperty("activity_id").GetGuid(), pushed.GetProperty("user_id").GetGuid()));

        var mine = await new CrmApiClient(manager.Http).GetAsync("/api/v1/notifications");
        Assert.Equal(1, mine.GetProperty("unread_count").GetInt64());
        var notification = mine.GetProperty("items")[0];
        Assert.Equal(pushed.GetProperty("id").GetGuid(), notification.GetProperty("id").GetGuid());
        Assert.Equal("Call Mia back", notification.GetProperty("data").GetProperty("subject").GetString());
        Assert.Equal(customer, notification.GetProperty("data").GetProperty("customer_id").GetGuid());
        Assert.Equal(0, (await Crm.GetAsync("/api/v1/notifications")).GetProperty("items").GetArrayLength());

        await WaitUntilAsync(async () => await ReminderRowsAsync(task) == 0, TimeSpan.FromSeconds(10));

        // Only its owner reads and marks it.
        var id = notification.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await Http.PostAsync($"/api/v1/notifications/{id}/read", null)).StatusCode);
        var read = await (await manager.Http.PostAsync($"/api/v1/notifications/{id}/read", null)).JsonAsync();
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, read.GetProperty("read_at").ValueKind);
        Assert.Equal(0, (await new CrmApiClient(manager.Http).GetAsync("/api/v1/notifications?unread=true")).GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await new CrmApiClient(manager.Http).GetAsync("/api/v1/notifications")).GetProperty("unread_count").GetInt64());
    }

    [Fact]
    public async Task Mark_all_read_marks_only_the_callers_unread_notifications()
    {
        var manager = await MemberAsync("manager");
        var agent = await MemberAsync("agent");
        var workspace = (await Api.Database.CreateWorkspaceAsync(Workspace)).WorkspaceId;
        var store = Api.Node.Services.GetRequiredService<SimpleCrm.Data.Activities.NotificationStore>();
        var context = SimpleCrm.Contracts.Common.ChangeContext.System("test");
        foreach (var (user, n) in new[] { (manager.Id, 1), (manager.Id, 2), (manager.Id, 3), (agent.Id, 4) })
        {
            await store.AddAsync(workspace, user, "task.due", new { subject = $"Task {n}" }, $"all-read-{n}", context);
        }

        var managerApi = new CrmApiClient(manager.Http);
        var first = (await managerApi.GetAsync("/api/v1/notifications")).GetProperty("items")[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await manager.Http.PostAsync($"/api/v1/notifications/{first}/read", null)).StatusCode);

        var marked = await (await manager.Http.PostAsync("/api/v1/notifications/read", null)).JsonAsync();
        Assert.Equal(2, marked.GetProperty("marked").GetInt32());
        Assert.Equal(0, (await managerApi.GetAsync("/api/v1/notifications")).GetProperty("unread_count").GetInt64());
        // The agent's own stays unread; a second call finds nothing left.
        Assert.Equal(1, (await new CrmApiClient(agent.Http).GetAsync("/api/v1/notifications")).GetProperty("unread_count").GetInt64());
        Assert.Equal(0, (await (await manager.Http.PostAsync("/api/v1/notifications/read", null)).JsonAsync()).GetProperty("marked").GetInt32());
    }

    [Fact]
    public async Task Completing_cancelling_moving_and_deleting_a_task_keep_its_reminder_in_step()
    {
        var customer = await CustomerAsync();

        // Completed before it is due: nothing fires.
        var quickDue = DateTimeOffset.UtcNow.AddSeconds(3);
        var quick = await TaskAsync(customer, quickDue);
        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsync($"/api/v1/activities/{quick}/complete", null)).StatusCode);
        Assert.Equal(0, await ReminderRowsAsync(quick));

        var due = DateTimeOffset.UtcNow.AddHours(1);
        var task = await TaskAsync(customer, due);
        AssertClose(due, await ReminderStartAsync(task));

        var moved = DateTimeOffset.UtcNow.AddHours(2);
        Assert.Equal(HttpStatusCode.OK, (await Http.PutJsonAsync($"/api/v1/activities/{task}", new { due_at = moved })).StatusCode);
        AssertClose(moved, await ReminderStartAsync(task));

        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsync($"/api/v1/activities/{task}/complete", null)).StatusCode);
        Assert.Equal(0, await ReminderRowsAsync(task));
        Assert.Equal(HttpStatusCode.OK, (await Http.PutJsonAsync($"/api/v1/activities/{task}", new { status = "pending" })).StatusCode);
        AssertClose(moved, await ReminderStartAsync(task));
        Assert.Equal(HttpStatusCode.OK, (await Http.PutJsonAsync($"/api/v1/activities/{task}", new { status = "cancelled" })).StatusCode);
        Assert.Equal(0, await ReminderRowsAsync(task));
        Assert.Equal(HttpStatusCode.OK, (await Http.PutJsonAsync($"/api/v1/activities/{task}", new { status = "pending" })).StatusCode);
        Assert.Equal(1, await ReminderRowsAsync(task));
        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/v1/activities/{task}")).StatusCode);
        Assert.Equal(0, await ReminderRowsAsync(task));

        // A sentinel task falls due after the completed one would have: its notification is the only one.
        var sentinelDue = (quickDue > DateTimeOffset.UtcNow ? quickDue : DateTimeOffset.UtcNow).AddSeconds(1);
        var sentinel = await TaskAsync(customer, sentinelDue);
        await WaitUntilAsync(async () => (await Crm.GetAsync("/api/v1/notifications")).GetProperty("items").GetArrayLength() > 0, TimeSpan.FromSeconds(75));
        var notified = (await Crm.GetAsync("/api/v1/notifications")).GetProperty("items").EnumerateArray()
            .Select(n => n.GetProperty("data").GetProperty("activity_id").GetGuid()).ToList();
        Assert.Equal([sentinel], notified);
    }

    private async Task<Guid> TaskAsync(Guid customer, DateTimeOffset due) =>
        (await ActivityAsync(new { customer_id = customer, type = "task", subject = "Follow up", due_at = due })).GetProperty("id").GetGuid();

    private static void AssertClose(DateTimeOffset expected, DateTimeOffset actual) =>
        Assert.True((actual - expected).Duration() < TimeSpan.FromSeconds(10), $"reminder at {actual:O}, due {expected:O}");

    [Fact]
    public async Task Every_change_of_an_activity_reaches_the_team_feed_as_ActivityChanged()
    {
        var manager = await MemberAsync("manager");
        await using var live = await LiveEvents.ConnectAsync(Api.Node.Address, manager.AccessToken);
        await live.Connection.InvokeAsync("SubscribeActivityFeed");
        var customer = await CustomerAsync();
        var task = (await ActivityAsync(new { customer_id = customer, type = "task", subject = "Send samples", due_at = DateTimeOffset.UtcNow.AddDays(1) }))
            .GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsync($"/api/v1/activities/{task}/complete", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/v1/activities/{task}")).StatusCode);

        foreach (var kind in new[] { "activity.created", "activity.completed", "activity.deleted" })
        {
            var (changed, _) = await live.FirstAsync("ActivityChanged", e => e.GetProperty("kind").GetString() == kind);
            Assert.Equal((task, customer, "task", "Send samples"),
                (changed.GetProperty("activity_id").GetGuid(), changed.GetProperty("customer_id").GetGuid(), changed.GetProperty("type").GetString(), changed.GetProperty("subject").GetString()));
        }

        // Each change is announced once: one event per connection is all the team feed costs a write.
        Assert.Single(live.Drain(), e => e.Event == "ActivityChanged" && e.Payload.GetProperty("kind").GetString() == "activity.created");
    }

    [Fact]
    public async Task Only_connections_subscribed_to_the_team_feed_receive_ActivityChanged_and_only_until_they_unsubscribe()
    {
        var manager = await MemberAsync("manager");
        await using var feed = await LiveEvents.ConnectAsync(Api.Node.Address, manager.AccessToken);
        await using var watcher = await LiveEvents.ConnectAsync(Api.Node.Address, manager.AccessToken);
        var customer = await CustomerAsync();
        await feed.Connection.InvokeAsync("SubscribeActivityFeed");
        await feed.Connection.InvokeAsync("SubscribeCustomer", customer);
        await watcher.Connection.InvokeAsync("SubscribeCustomer", customer);

        await ActivityAsync(new { customer_id = customer, type = "note", subject = "While subscribed" });
        await feed.FirstAsync("ActivityChanged", e => e.GetProperty("subject").GetString() == "While subscribed");
        await watcher.FirstAsync("TimelineEntry", e => Subject(e) == "While subscribed");

        await feed.Connection.InvokeAsync("UnsubscribeActivityFeed");
        await ActivityAsync(new { customer_id = customer, type = "note", subject = "After unsubscribing" });
        // A sentinel: the relay forwards a note's feed message right after its timeline entry, and notes in order, so
        // once the next note's entry has arrived, the previous note's feed message would have too.
        await ActivityAsync(new { customer_id = customer, type = "note", subject = "Sentinel" });
        await feed.FirstAsync("TimelineEntry", e => Subject(e) == "Sentinel");
        await watcher.FirstAsync("TimelineEntry", e => Subject(e) == "Sentinel");

        Assert.DoesNotContain(feed.Drain(), e => e.Event == "ActivityChanged" && e.Payload.GetProperty("subject").GetString() != "While subscribed");
        Assert.DoesNotContain(watcher.Drain(), e => e.Event == "ActivityChanged");
    }

    private static string? Subject(System.Text.Json.JsonElement entry) => entry.GetProperty("data").GetProperty("subject").GetString();

    [Fact]
    public async Task A_task_created_already_overdue_notifies_at_once_not_a_reminder_period_later()
    {
        var manager = await MemberAsync("manager");
        await using var live = await LiveEvents.ConnectAsync(Api.Node.Address, manager.AccessToken);
        var customer = await CustomerAsync();
        var clock = Stopwatch.StartNew();
        var task = (await ActivityAsync(new { customer_id = customer, type = "task", subject = "Was due an hour ago", due_at = DateTimeOffset.UtcNow.AddHours(-1), assigned_to = manager.Id }))
            .GetProperty("id").GetGuid();

        var (pushed, _) = await live.FirstAsync("Notification", timeout: TimeSpan.FromSeconds(75));
        output.WriteLine($"Overdue task notified {clock.ElapsedMilliseconds} ms after the POST was sent.");
        Assert.Equal(task, pushed.GetProperty("data").GetProperty("activity_id").GetGuid());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"notified after {clock.Elapsed.TotalSeconds:F1} s");
        await WaitUntilAsync(async () => await ReminderRowsAsync(task) == 0, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_task_committed_without_its_reminder_is_picked_up_by_the_reconciler_and_still_notifies()
    {
        // The API registers the reminder after the commit; a process that stops in between leaves a task without one.
        // Written straight through the store here, which is exactly that state.
        var manager = await MemberAsync("manager");
        var customer = await CustomerAsync();
        var workspace = (await Api.Database.CreateWorkspaceAsync(Workspace)).WorkspaceId;
        var task = Guid.CreateVersion7();
        var draft = new SimpleCrm.Contracts.Activities.ActivityDraft
        {
            CustomerId = customer, Type = SimpleCrm.Contracts.Activities.ActivityType.Task, Subject = "Orphaned task",
            AssignedTo = manager.Id, DueAt = DateTimeOffset.UtcNow.AddSeconds(3), Status = SimpleCrm.Contracts.Activities.ActivityTaskStatus.Pending,
        };
        var store = Api.Node.Services.GetRequiredService<SimpleCrm.Data.Activities.ActivityStore>();
        Assert.NotNull(await store.InsertAsync(workspace, task, draft, Admin.Id, SimpleCrm.Contracts.Common.ChangeContext.System("test")));
        Assert.Equal(0, await ReminderRowsAsync(task));

        var reconciler = Api.Node.Services.GetRequiredService<SimpleCrm.Grains.Activities.TaskReminderReconciler>();
        Assert.True(await reconciler.RunOnceAsync(DateTimeOffset.UtcNow.AddMinutes(-1), CancellationToken.None) >= 1);
        Assert.Equal(1, await ReminderRowsAsync(task));

        var mine = new CrmApiClient(manager.Http);
        await WaitUntilAsync(async () => (await mine.GetAsync("/api/v1/notifications")).GetProperty("unread_count").GetInt64() == 1, TimeSpan.FromSeconds(75));
        var notification = (await mine.GetAsync("/api/v1/notifications")).GetProperty("items")[0];
        Assert.Equal(task, notification.GetProperty("data").GetProperty("activity_id").GetGuid());

        // Once told, an overdue task is no longer picked up.
        await WaitUntilAsync(async () => await ReminderRowsAsync(task) == 0, TimeSpan.FromSeconds(10));
        var recheck = await store.TasksToRecheckAsync(workspace, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        Assert.DoesNotContain(task, recheck);
    }

    private Task<long> ReminderRowsAsync(Guid task) => Reminders.CountAsync(Api.Database, task);

    private async Task<DateTimeOffset> ReminderStartAsync(Guid task) => await Reminders.StartAsync(Api.Database, task) ?? throw new Xunit.Sdk.XunitException("no reminder row");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, "timed out");
            await Task.Delay(100);
        }
    }
}

/// <summary>Reads Orleans' reminder table (not tenant data, no row-level security) for one task's reminder grain.</summary>
public static class Reminders
{
    private const string ForTask = "from orleansreminderstable where (grainid like '%' || @n || '%' or grainid like '%' || @d || '%') and remindername = 'task-due'";

    public static async Task<long> CountAsync(TestDatabase database, Guid task)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, $"select count(*) {ForTask}", new { n = task.ToString("N"), d = task.ToString("D") });
    }

    public static async Task<DateTimeOffset?> StartAsync(TestDatabase database, Guid task)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var start = await Dapper.SqlMapper.ExecuteScalarAsync<DateTime?>(connection, $"select starttime {ForTask}", new { n = task.ToString("N"), d = task.ToString("D") });
        return start is null ? null : new DateTimeOffset(DateTime.SpecifyKind(start.Value, DateTimeKind.Utc));
    }
}
