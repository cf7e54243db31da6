using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Contracts.Activities;

/// <summary>
/// The one writer of an activity (email, call, meeting, note or task) and its attachments' records. Keyed by the
/// activity's UUID with the workspace id as key extension (use <see cref="ActivityGrainKeys"/>). Its commands run one
/// at a time, validate (the rule of record), commit the change with its timeline, audit and outbox rows, then tell
/// the customer's grain (live timeline) and, for tasks, the reminder. Who may reach the activity's customer is the
/// caller's business, checked before a command is sent.
/// </summary>
[Alias("crm.IActivityGrain")]
public interface IActivityGrain : IGrainWithGuidCompoundKey
{
    /// <param name="createdBy">The team member who logs it; null for an integration.</param>
    [Alias("create")]
    Task<CommandResult<Activity>> CreateAsync(ActivityDraft draft, Guid? createdBy, ChangeContext context);

    [Alias("update")]
    Task<CommandResult<Activity>> UpdateAsync(ActivityChanges changes, ChangeContext context);

    /// <summary>Marks a task completed; completing a completed task changes nothing.</summary>
    [Alias("complete")]
    Task<CommandResult<Activity>> CompleteAsync(ChangeContext context);

    [Alias("delete")]
    Task<CommandResult<ActivityRemoved>> DeleteAsync(ChangeContext context);

    /// <summary>Records a file whose bytes are stored already; NotFound when the activity is gone (the caller removes the file).</summary>
    [Alias("add-attachment")]
    Task<CommandResult<Attachment>> AddAttachmentAsync(NewAttachment file, ChangeContext context);

    /// <summary>
    /// Records an open or click of a sent email: opened (and clicked) become true, the first open keeps its time;
    /// a repeat changes nothing and writes nothing.
    /// </summary>
    [Alias("record-email-engagement")]
    Task<CommandResult<Activity>> RecordEmailEngagementAsync(EmailEngagement engagement, DateTimeOffset at, ChangeContext context);
}

public static class ActivityGrainKeys
{
    public static IActivityGrain GetActivity(this IGrainFactory grains, WorkspaceId workspace, Guid activityId) =>
        grains.GetGrain<IActivityGrain>(activityId, workspace.ToString());
}
