using Microsoft.Extensions.Logging;
using Orleans.Streams;
using SimpleCrm.Data.Activities;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Grains.Common;
using SimpleCrm.Contracts.Activities;

namespace SimpleCrm.Grains.Activities;

/// <summary>
/// One task's due-time reminder. The Orleans reminder lives in PostgreSQL (orleansreminderstable), so it fires even
/// when the silo that registered it was restarted or replaced meanwhile. The task row is the truth: every call and
/// every tick reads it, so a reminder never announces a task that was completed, cancelled, moved or deleted.
/// </summary>
public sealed class TaskReminderGrain(ActivityStore activities, NotificationStore notifications, ILogger<TaskReminderGrain> logger)
    : Grain, ITaskReminderGrain, IRemindable
{
    public const string ReminderName = "task-due";

    /// <summary>
    /// Orleans reminders repeat; this one is removed after its first tick. The period (Orleans' minimum, one minute)
    /// only matters when a tick could not finish (database down): it tries again a minute later.
    /// </summary>
    public static readonly TimeSpan RetryPeriod = TimeSpan.FromMinutes(1);

    /// <summary>A tick this close to the due time counts as on time (clocks and timers are not exact).</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1);

    private WorkspaceId workspace;
    private Guid id;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        id = this.GetPrimaryKey(out var extension);
        workspace = WorkspaceId.Parse(extension ?? throw new InvalidOperationException("A task reminder grain key must carry its workspace."));
        return Task.CompletedTask;
    }

    public async Task SyncAsync()
    {
        var task = await activities.LoadReminderStateAsync(workspace, id);
        if (DueTime(task) is not { } due)
        {
            await UnregisterAsync();
            return;
        }

        await ScheduleAsync(due);
        if (due <= DateTimeOffset.UtcNow + Tolerance)
        {
            // Already due (created overdue, or moved into the past): Orleans would first tick a whole period
            // later, so tell the assignee now. The reminder just registered stays as the retry if this fails.
            await ReceiveReminder(ReminderName, default);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }

        var task = await activities.LoadReminderStateAsync(workspace, id);
        if (DueTime(task) is not { } due)
        {
            await UnregisterAsync();
            return;
        }

        if (due > DateTimeOffset.UtcNow + Tolerance)
        {
            // The due time moved later after this tick was scheduled.
            await ScheduleAsync(due);
            return;
        }

        if (MayBeTold(task!))
        {
            var notification = await notifications.AddAsync(workspace, task!.AssignedTo!.Value, "task.due", new
            {
                activity_id = task.Id,
                customer_id = task.CustomerId,
                subject = task.Subject,
                due_at = due,
            }, $"task.due:{id:N}:{due.UtcTicks}", ChangeContext.System("task-reminder"));
            if (notification is not null)
            {
                logger.LogInformation("Task {TaskId} of workspace {Workspace} became due; notified {UserId}", id, workspace, notification.UserId);
                await PublishAsync(notification);
            }
        }
        else
        {
            logger.LogInformation("Task {TaskId} became due, but its assignee no longer has access; nobody notified", id);
        }

        await UnregisterAsync();
    }

    /// <summary>When the assignee must be told: only pending, assigned tasks have a reminder.</summary>
    private static DateTimeOffset? DueTime(TaskReminderState? task) =>
        task is { Type: "task", Status: "pending", AssignedTo: not null, DueAt: { } due } ? due : null;

    /// <summary>An inactive member is told nothing; an agent only about customers still assigned to them.</summary>
    private static bool MayBeTold(TaskReminderState task) =>
        task.AssigneeStatus == "active" && (task.AssigneeRole != "agent" || task.CustomerOwner == task.AssignedTo);

    /// <summary>Orleans counts the due time from now; a due time in the past is told at once by <see cref="SyncAsync"/>.</summary>
    private Task ScheduleAsync(DateTimeOffset due)
    {
        var wait = due - DateTimeOffset.UtcNow;
        return this.RegisterOrUpdateReminder(ReminderName, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, RetryPeriod);
    }

    private async Task UnregisterAsync()
    {
        try
        {
            if (await this.GetReminder(ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The tick repeats after the retry period and checks the task again; nothing is announced twice.
            logger.LogWarning(e, "Could not remove the reminder of task {TaskId}", id);
        }
    }

    /// <summary>Live push is best effort: the notification is committed, and clients refetch on reconnect.</summary>
    private async Task PublishAsync(NotificationRecord notification)
    {
        try
        {
            var stream = this.GetStreamProvider(CrmStreams.Provider)
                .GetStream<NotificationAdded>(StreamId.Create(ActivityStreams.Notifications, workspace.Value));
            await stream.OnNextAsync(new NotificationAdded(workspace, notification));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Live push of notification {NotificationId} failed", notification.Id);
        }
    }
}
