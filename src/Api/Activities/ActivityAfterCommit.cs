using Microsoft.Extensions.Options;
using SimpleCrm.Domain.Activities;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Api.Activities;

/// <summary>
/// What follows a committed activity change, outside its transaction: the customer's grain takes the timeline entry
/// (and pushes it live), and a task's reminder is made to match the task. Both read the committed rows, so a repeat
/// is harmless; a failure here never undoes the change (the grain catches up from SQL on its next read).
/// </summary>
public sealed class ActivityAfterCommit(IGrainFactory grains, ILogger<ActivityAfterCommit> logger)
{
    public Task ActivityChangedAsync(WorkspaceId workspace, Activity activity, TimelineEntry entry) =>
        Task.WhenAll(TellCustomerAsync(workspace, entry), SyncReminderAsync(workspace, activity));

    public async Task TellCustomerAsync(WorkspaceId workspace, TimelineEntry entry)
    {
        try
        {
            await grains.GetCustomer(workspace, entry.CustomerId).TimelineWrittenAsync(entry);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Customer {CustomerId} was not told about timeline entry {EntryId}", entry.CustomerId, entry.Id);
        }
    }

    private async Task SyncReminderAsync(WorkspaceId workspace, Activity activity)
    {
        if (activity.Type != ActivityType.Task)
        {
            return;
        }

        try
        {
            await grains.GetTaskReminder(workspace, activity.Id).SyncAsync();
        }
        catch (Exception e)
        {
            logger.LogError(e, "The reminder of task {TaskId} could not be updated", activity.Id);
        }
    }
}

public static class ActivityServiceCollectionExtensions
{
    /// <summary>The attachment store (local disk under Crm:Attachments:Path) and the after-commit steps of activity changes.</summary>
    public static IServiceCollection AddCrmActivities(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AttachmentOptions>(configuration.GetSection(AttachmentOptions.Section));
        services.AddSingleton<IAttachmentStore>(sp =>
        {
            var path = sp.GetRequiredService<IOptions<AttachmentOptions>>().Value.Path;
            var root = Path.IsPathRooted(path) ? path : Path.Combine(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath, path);
            return new LocalDiskAttachmentStore(root);
        });
        services.AddSingleton<ActivityAfterCommit>();
        return services;
    }
}
