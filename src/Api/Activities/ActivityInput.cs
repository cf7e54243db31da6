using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SimpleCrm.Contracts.Activities;

namespace SimpleCrm.Api.Activities;

/// <summary>The body of POST /activities and POST /customers/{id}/activities.</summary>
public sealed record ActivityInput
{
    [Description("The customer; taken from the path on /customers/{id}/activities (where it may be left out).")]
    public Guid? CustomerId { get; init; }

    [Description("email, call, meeting, note or task.")]
    [Required]
    public ActivityType? Type { get; init; }

    [Description("inbound or outbound (emails, calls, meetings only).")]
    public ActivityDirection? Direction { get; init; }

    [Description("At most 300 characters; a subject or a description is required.")]
    public string? Subject { get; init; }

    [Description("At most 20000 characters.")]
    public string? Description { get; init; }

    [Description("Emails only: from, to, cc, message_id.")]
    public EmailMetadata? EmailMetadata { get; init; }

    [Description("Tasks only: the team member who must do it (default: you). An agent can only be assigned tasks of customers assigned to them.")]
    public Guid? AssignedTo { get; init; }

    [Description("Tasks only, and required for them: when it is due (ISO 8601 with offset), from 1900-01-01 to before 2100-01-01. The assignee is notified then.")]
    public DateTimeOffset? DueAt { get; init; }

    [Description("Tasks only: pending (default), completed or cancelled.")]
    public ActivityTaskStatus? Status { get; init; }
}

/// <summary>The body of PUT /activities/{id}. Absent fields stay as they are; type and customer never change.</summary>
public sealed record ActivityUpdateInput
{
    public ActivityDirection? Direction { get; init; }
    public string? Subject { get; init; }
    public string? Description { get; init; }
    public EmailMetadata? EmailMetadata { get; init; }
    public Guid? AssignedTo { get; init; }

    [Description("Moving a task's due time moves its reminder.")]
    public DateTimeOffset? DueAt { get; init; }

    [Description("pending, completed or cancelled (tasks only). Completing or cancelling removes the reminder.")]
    public ActivityTaskStatus? Status { get; init; }

    [Description("When given, the change applies only to this version (409 otherwise).")]
    public int? Version { get; init; }

    public ActivityChanges ToChanges() => new()
    {
        Direction = Direction,
        Subject = Subject,
        Description = Description,
        EmailMetadata = EmailMetadata,
        AssignedTo = AssignedTo,
        DueAt = DueAt,
        Status = Status,
        Version = Version,
    };
}
