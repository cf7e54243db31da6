using System.Diagnostics;
using Xunit.Abstractions;
using SimpleCrm.Data.Activities;
using SimpleCrm.Data.Identity;
using SimpleCrm.Data.Workspaces;
using SimpleCrm.Domain.Activities;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Grains.Activities;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Grains.Common;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Grains.Customers;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Activities;

/// <summary>
/// A reminder lives in PostgreSQL, not in the silo that registered it: a task set ahead, whose only silo crashes and
/// a new one starts before the due time, still notifies its assignee. The silos run without the task reminder
/// reconciler, which would otherwise register the reminder again at start-up: what fires here is the row Orleans kept.
/// </summary>
public sealed class ReminderRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private PostgresCluster cluster = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        cluster = await PostgresCluster.StartAsync(database, silos: 1, reconcileReminders: false);
    }

    public async Task DisposeAsync()
    {
        await cluster.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task A_reminder_set_ahead_fires_after_the_silo_was_killed_and_another_started()
    {
        var (workspace, assignee, taskId, due) = await TaskDueInAsync(TimeSpan.FromSeconds(20), "restart-shop");
        var registered = await Reminders.StartAsync(database, taskId);

        // The only silo crashes; a new one starts. Nothing of the old process is left.
        var restart = Stopwatch.StartNew();
        await cluster.KillSiloAsync(cluster.Silos[0]);
        await cluster.StartSiloAsync();
        Assert.Equal(registered, await Reminders.StartAsync(database, taskId)); // the same row, not a new registration
        output.WriteLine($"Silo killed and a new one started in {restart.ElapsedMilliseconds} ms; the task is due {(due - DateTimeOffset.UtcNow).TotalSeconds:F1} s from now.");
        Assert.True(DateTimeOffset.UtcNow < due, "the restart took longer than the time to the due time; the test proves nothing");

        var notified = await WaitForNotificationAsync(workspace, assignee, due.AddSeconds(65));
        Assert.True(notified is not null, "no notification within 65 s of the due time");
        var lateness = notified!.Value - due;
        output.WriteLine($"Notification written {lateness.TotalMilliseconds:F0} ms after the due time, by the restarted silo.");
        Assert.True(lateness > TimeSpan.FromSeconds(-1), "notified before the due time");
        await ReminderGoneAsync(taskId);
    }

    /// <summary>
    /// No silo at all when the task falls due: the reminder is still in PostgreSQL, and the next silo delivers it.
    /// Orleans resumes a missed reminder on its period's schedule (registered + n × 1 minute), so it may come up to
    /// a minute late; the measured delay is written to the test output.
    /// </summary>
    [Fact]
    public async Task A_reminder_that_fell_due_while_no_silo_ran_fires_when_one_starts()
    {
        var (workspace, assignee, taskId, due) = await TaskDueInAsync(TimeSpan.FromSeconds(4), "outage-shop");
        await cluster.KillSiloAsync(cluster.Silos[0]);
        while (DateTimeOffset.UtcNow < due.AddSeconds(2))
        {
            await Task.Delay(200);
        }

        Assert.Null(await WaitForNotificationAsync(workspace, assignee, DateTimeOffset.UtcNow));
        Assert.Equal(1, await Reminders.CountAsync(database, taskId));
        await cluster.StartSiloAsync();
        var started = DateTimeOffset.UtcNow;
        var notified = await WaitForNotificationAsync(workspace, assignee, due.AddSeconds(75));
        Assert.True(notified is not null, "no notification within 75 s of the due time");
        output.WriteLine($"Due while no silo ran; the new silo started {(started - due).TotalSeconds:F1} s after the due time and the notification " +
            $"was written {(notified!.Value - due).TotalSeconds:F1} s after the due time ({(notified.Value - started).TotalSeconds:F1} s after the start).");
        await ReminderGoneAsync(taskId);
    }

    /// <summary>A workspace, a manager, a customer, and a task assigned to the manager whose reminder is registered.</summary>
    private async Task<(Workspace Workspace, Guid Assignee, Guid TaskId, DateTimeOffset Due)> TaskDueInAsync(TimeSpan wait, string slug)
    {
        var workspace = await database.CreateWorkspaceAsync(slug);
        var assignee = await new UserDirectory(database.Database).CreateAsync(
            new NewUser(workspace.Id, $"ana-{Guid.NewGuid():N}@restart.test", null, "Ana", "Silva", "manager", "active"));
        var customerId = Guid.NewGuid();
        var context = ChangeContext.System("test");
        Assert.True((await cluster.Client.GetCustomer(workspace.WorkspaceId, customerId).CreateAsync(TestCustomers.Profile($"{slug}@example.com"), context)).IsOk);

        var taskId = Guid.CreateVersion7();
        var due = ActivityRules.Microseconds(DateTimeOffset.UtcNow.Add(wait));
        var written = await new ActivityStore(database.Database).InsertAsync(workspace.WorkspaceId, taskId, new ActivityDraft
        {
            CustomerId = customerId,
            Type = ActivityType.Task,
            Subject = "Survives a restart",
            AssignedTo = assignee!.Id,
            DueAt = due,
            Status = ActivityTaskStatus.Pending,
        }, assignee.Id, context);
        Assert.NotNull(written);
        await cluster.Client.GetTaskReminder(workspace.WorkspaceId, taskId).SyncAsync();
        Assert.Equal(1, await Reminders.CountAsync(database, taskId));
        return (workspace, assignee.Id, taskId, due);
    }

    /// <summary>The grain removes its reminder right after writing the notification.</summary>
    private async Task ReminderGoneAsync(Guid taskId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (await Reminders.CountAsync(database, taskId) > 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the reminder was not removed after it fired");
            await Task.Delay(100);
        }
    }

    private async Task<DateTimeOffset?> WaitForNotificationAsync(Workspace workspace, Guid userId, DateTimeOffset deadline)
    {
        do
        {
            var created = await database.ScalarAsync<DateTime?>(workspace,
                "select created_at from notifications where user_id = @userId and kind = 'task.due'", new { userId });
            if (created is not null)
            {
                return new DateTimeOffset(DateTime.SpecifyKind(created.Value, DateTimeKind.Utc));
            }

            await Task.Delay(200);
        }
        while (DateTimeOffset.UtcNow < deadline);

        return null;
    }
}
