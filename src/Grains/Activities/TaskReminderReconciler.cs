using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SimpleCrm.Data.Activities;
using SimpleCrm.Data.Workspaces;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Grains.Common;
using SimpleCrm.Contracts.Activities;

namespace SimpleCrm.Grains.Activities;

/// <summary>
/// Closes the one gap of task reminders: the API registers a task's reminder after committing the task, so a
/// process that stops between the two leaves a task without one. Every <see cref="Every"/> this looks at tasks
/// changed since the previous look (with a margin) and at tasks overdue without a notification, and syncs their
/// reminder grains. Syncing is idempotent, so several silos doing it at once is harmless.
/// </summary>
public sealed class TaskReminderReconciler(
    IGrainFactory grains, ActivityStore activities, WorkspaceDirectory workspaces, TimeProvider clock, ILogger<TaskReminderReconciler> logger)
    : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(5);

    /// <summary>Looks back this far for changed tasks: more than the interval, so a slow round leaves no hole.</summary>
    private static readonly TimeSpan LookBack = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        try
        {
            // The first round after start-up covers whatever the previous process left unfinished.
            do
            {
                try
                {
                    await RunOnceAsync(clock.GetUtcNow() - LookBack, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Checking task reminders failed; trying again in {Minutes} minutes", Every.TotalMinutes);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <returns>How many tasks' reminders were synced.</returns>
    public async Task<int> RunOnceAsync(DateTimeOffset changedSince, CancellationToken cancellationToken)
    {
        var synced = 0;
        foreach (var workspace in await workspaces.ListAsync(cancellationToken))
        {
            foreach (var task in await activities.TasksToRecheckAsync(workspace.WorkspaceId, changedSince, clock.GetUtcNow(), cancellationToken))
            {
                await grains.GetTaskReminder(workspace.WorkspaceId, task).SyncAsync();
                synced++;
            }
        }

        return synced;
    }
}
