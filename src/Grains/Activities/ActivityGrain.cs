using Microsoft.Extensions.Logging;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Data.Activities;
using SimpleCrm.Data.Identity;
using SimpleCrm.Domain.Activities;

namespace SimpleCrm.Grains.Activities;

/// <summary>
/// The only code that changes an activity. It keeps nothing between calls: each command reads the row, so writers
/// that must reach past it (GDPR erasure) need not tell it, and the row's version still guards them. What it adds is
/// one place for the rules and one command at a time per activity (a non-reentrant grain), so concurrent edits queue
/// instead of failing each other.
/// </summary>
public sealed class ActivityGrain(ActivityStore store, UserDirectory users, ILogger<ActivityGrain> logger) : Grain, IActivityGrain
{
    private WorkspaceId workspace;
    private Guid id;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        id = this.GetPrimaryKey(out var extension);
        workspace = WorkspaceId.Parse(extension ?? throw new InvalidOperationException("An activity grain key must carry its workspace."));
        return Task.CompletedTask;
    }

    public async Task<CommandResult<Activity>> CreateAsync(ActivityDraft input, Guid? createdBy, ChangeContext context)
    {
        var errors = new Dictionary<string, string[]>();
        var customer = input.CustomerId == Guid.Empty ? null : await GrainFactory.GetCustomer(workspace, input.CustomerId).GetAsync();
        if (input.CustomerId != Guid.Empty && customer is null)
        {
            errors["customer_id"] = [UnknownCustomer(input.CustomerId)];
        }

        var (draft, ruleErrors) = ActivityRules.Prepare(input);
        foreach (var (field, messages) in ruleErrors)
        {
            errors.TryAdd(field, messages);
        }

        if (customer is not null && draft.AssignedTo is { } assignee && !errors.ContainsKey("assigned_to")
            && await AssigneeProblemAsync(assignee, customer.Profile.OwnerId) is { } problem)
        {
            errors["assigned_to"] = [problem];
        }

        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        // An id taken already (a repeated delivery) shows at the insert: no read first on every write's path.
        var (write, idTaken) = await store.InsertAsync(workspace, id, draft, createdBy, context);
        if (idTaken)
        {
            return CommandResult<Activity>.Conflict("id", $"Activity {id} already exists.");
        }

        if (write is null)
        {
            // The customer was deleted between the check and the insert.
            return Invalid(new Dictionary<string, string[]> { ["customer_id"] = [UnknownCustomer(draft.CustomerId)] });
        }

        await CommittedAsync(write.Activity, write.Entry);
        return CommandResult<Activity>.Ok(write.Activity);
    }

    public async Task<CommandResult<Activity>> UpdateAsync(ActivityChanges changes, ChangeContext context)
    {
        if (await store.LoadAsync(workspace, id) is not { } current)
        {
            return NotFound();
        }

        if (changes.Version is { } expected && expected != current.Version)
        {
            return Conflict($"The activity was changed since version {expected}; it is now at version {current.Version}. Reload and try again.",
                "version", $"Now at version {current.Version}.");
        }

        var (draft, errors) = ActivityRules.Prepare(changes.ApplyTo(current));
        if (errors.Count == 0 && draft.AssignedTo is { } assignee && assignee != current.AssignedTo)
        {
            var customer = await GrainFactory.GetCustomer(workspace, current.CustomerId).GetAsync();
            if (await AssigneeProblemAsync(assignee, customer?.Profile.OwnerId) is { } problem)
            {
                errors = new Dictionary<string, string[]> { ["assigned_to"] = [problem] };
            }
        }

        return errors.Count > 0 ? Invalid(errors) : await SaveAsync(current, draft, context);
    }

    public async Task<CommandResult<Activity>> CompleteAsync(ChangeContext context)
    {
        if (await store.LoadAsync(workspace, id) is not { } current)
        {
            return NotFound();
        }

        if (current.Type != ActivityType.Task)
        {
            return Conflict("Only tasks can be completed.", "type", $"This activity is a {current.Type.ToString().ToLowerInvariant()}, not a task.");
        }

        if (current.Status == ActivityTaskStatus.Completed)
        {
            return CommandResult<Activity>.Ok(current);
        }

        var (draft, _) = ActivityRules.Prepare(new ActivityChanges { Status = ActivityTaskStatus.Completed }.ApplyTo(current));
        return await SaveAsync(current, draft, context);
    }

    public async Task<CommandResult<ActivityRemoved>> DeleteAsync(ChangeContext context)
    {
        if (await store.LoadAsync(workspace, id) is not { } current)
        {
            return CommandResult<ActivityRemoved>.NotFound(NotFoundMessage);
        }

        if (await store.DeleteAsync(workspace, current, context) is not { } deleted)
        {
            return ChangedMeanwhile<ActivityRemoved>();
        }

        await CommittedAsync(current, deleted.Write.Entry);
        return CommandResult<ActivityRemoved>.Ok(new ActivityRemoved(current, deleted.StorageKeys));
    }

    public async Task<CommandResult<Attachment>> AddAttachmentAsync(NewAttachment file, ChangeContext context)
    {
        if (await store.LoadAsync(workspace, id) is not { } activity
            || await store.AddAttachmentAsync(workspace, activity, file, context) is not { } write)
        {
            return CommandResult<Attachment>.NotFound(NotFoundMessage);
        }

        await TellCustomerAsync(write.Entry);
        return CommandResult<Attachment>.Ok(write.Attachment);
    }

    public async Task<CommandResult<Activity>> RecordEmailEngagementAsync(EmailEngagement engagement, DateTimeOffset at, ChangeContext context)
    {
        if (await store.LoadAsync(workspace, id) is not { } current)
        {
            return NotFound();
        }

        if (current.Type != ActivityType.Email)
        {
            return Conflict("Only emails are opened or clicked.", "type", $"This activity is a {current.Type.ToString().ToLowerInvariant()}, not an email.");
        }

        var metadata = current.EmailMetadata ?? new EmailMetadata();
        // A click means the mail was opened, even when the client blocked the pixel; an open means it was delivered.
        var updated = engagement == EmailEngagement.Delivered
            ? metadata with { Delivered = true }
            : metadata with
            {
                Delivered = true,
                Opened = true,
                OpenedAt = metadata.OpenedAt ?? at,
                Clicked = engagement == EmailEngagement.Clicked ? true : metadata.Clicked,
            };
        if (updated == metadata)
        {
            return CommandResult<Activity>.Ok(current);
        }

        var (draft, errors) = ActivityRules.Prepare(new ActivityChanges { EmailMetadata = updated }.ApplyTo(current));
        return errors.Count > 0 ? Invalid(errors) : await SaveAsync(current, draft, context);
    }

    private async Task<CommandResult<Activity>> SaveAsync(Activity current, ActivityDraft draft, ChangeContext context)
    {
        if (await store.UpdateAsync(workspace, current, draft, context) is not { } write)
        {
            return ChangedMeanwhile<Activity>();
        }

        await CommittedAsync(write.Activity, write.Entry);
        return CommandResult<Activity>.Ok(write.Activity);
    }

    /// <summary>
    /// After the commit: the customer's grain takes the timeline entry (and pushes it live), and a task's reminder is
    /// made to match the task. Both read what was committed, so a repeat is harmless, and neither can undo the change.
    /// </summary>
    private Task CommittedAsync(Activity activity, TimelineEntry entry) =>
        Task.WhenAll(TellCustomerAsync(entry), SyncReminderAsync(activity));

    private async Task TellCustomerAsync(TimelineEntry entry)
    {
        try
        {
            await GrainFactory.GetCustomer(workspace, entry.CustomerId).TimelineWrittenAsync(entry);
        }
        catch (Exception e)
        {
            // The customer's grain catches up from SQL on its next read.
            logger.LogWarning(e, "Customer {CustomerId} was not told about timeline entry {EntryId}", entry.CustomerId, entry.Id);
        }
    }

    private async Task SyncReminderAsync(Activity activity)
    {
        if (activity.Type != ActivityType.Task)
        {
            return;
        }

        try
        {
            await GrainFactory.GetTaskReminder(workspace, activity.Id).SyncAsync();
        }
        catch (Exception e)
        {
            // TaskReminderReconciler finds the task again.
            logger.LogError(e, "The reminder of task {TaskId} could not be updated", activity.Id);
        }
    }

    /// <summary>
    /// The assignee must be an active (or invited) member of the workspace, and an agent only sees customers assigned
    /// to them, so a task goes to an agent only on such a customer.
    /// </summary>
    private async Task<string?> AssigneeProblemAsync(Guid assignee, Guid? customerOwner)
    {
        var user = await users.FindAsync(workspace.Value, assignee);
        if (user is null || user.Status == "inactive")
        {
            return $"No active team member {assignee} in this workspace.";
        }

        return user.Role == "agent" && customerOwner != assignee
            ? "This team member is an agent and the customer is not assigned to them; assign the customer to them first."
            : null;
    }

    public static string UnknownCustomer(Guid customerId) => $"Customer {customerId} does not exist.";

    private string NotFoundMessage => $"Activity {id} does not exist.";

    private CommandResult<Activity> NotFound() => CommandResult<Activity>.NotFound(NotFoundMessage);

    // Activity problems carry plain messages (generic codes), as they always have.
    private static CommandResult<Activity> Invalid(IReadOnlyDictionary<string, string[]> errors) => CommandResult<Activity>.Invalid(errors);

    private static CommandResult<Activity> Conflict(string detail, string field, string message) =>
        new(CommandOutcome.Conflict, null, new Dictionary<string, string[]> { [field] = [message] }, detail);

    private static CommandResult<T> ChangedMeanwhile<T>() =>
        new(CommandOutcome.Conflict, default, new Dictionary<string, string[]> { ["version"] = ["Changed at the same time."] },
            "The activity was changed at the same time. Reload and try again.");
}
