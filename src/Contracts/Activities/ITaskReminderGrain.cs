using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Contracts.Activities;

/// <summary>
/// The due-time reminder of one task, keyed by the task's UUID with the workspace id as key extension (use
/// <see cref="TaskReminderGrainKeys"/>). It holds an Orleans reminder (persisted in PostgreSQL, so it survives
/// restarts) for the task's due time; when it fires, the assignee gets a notification. The task row is the truth:
/// the grain reads it on every call and tick, so calls may repeat or arrive out of order.
/// </summary>
[Alias("crm.ITaskReminderGrain")]
public interface ITaskReminderGrain : IGrainWithGuidCompoundKey
{
    /// <summary>
    /// Makes the reminder match the task as committed: registered for its due time while it is pending and
    /// assigned, removed otherwise (completed, cancelled, deleted, not a task).
    /// </summary>
    [Alias("sync")]
    Task SyncAsync();
}

public static class TaskReminderGrainKeys
{
    public static ITaskReminderGrain GetTaskReminder(this IGrainFactory grains, WorkspaceId workspace, Guid taskId) =>
        grains.GetGrain<ITaskReminderGrain>(taskId, workspace.ToString());
}
