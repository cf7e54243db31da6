using System.ComponentModel;
using SimpleCrm.Api.Lists;

namespace SimpleCrm.Api.Activities;

public sealed record ActivityListQueryDocs : ListQueryDocs
{
    [Description("email, call, meeting, note, task; comma-separated.")]
    public string? Type { get; init; }

    public Guid? CustomerId { get; init; }

    [Description("Tasks assigned to this team member.")]
    public Guid? AssignedTo { get; init; }

    [Description("Activities logged by this team member.")]
    public Guid? CreatedBy { get; init; }

    [Description("Tasks: pending, completed, cancelled; comma-separated.")]
    public string? Status { get; init; }

    [Description("Tasks due before this instant.")]
    public DateTimeOffset? DueBefore { get; init; }

    [Description("true: only pending tasks past their due time.")]
    public bool? Overdue { get; init; }

    public DateTimeOffset? CreatedAfter { get; init; }
    public DateTimeOffset? CreatedBefore { get; init; }
}

public sealed record MyTaskQueryDocs : ListQueryDocs
{
    [Description("pending, completed, cancelled; comma-separated (default: all).")]
    public string? Status { get; init; }

    [Description("true: only pending tasks past their due time.")]
    public bool? Overdue { get; init; }

    [Description("Tasks due before this instant.")]
    public DateTimeOffset? DueBefore { get; init; }

    public Guid? CustomerId { get; init; }
}

public sealed record TimelineQueryDocs
{
    [Description("The next_cursor of the previous page: entries older than the last one it showed.")]
    public string? Before { get; init; }

    [Description("Page size, 1–200 (default 50).")]
    public int? Limit { get; init; }
}

public sealed record NotificationQueryDocs
{
    [Description("true: only notifications not marked read.")]
    public bool? Unread { get; init; }

    [Description("Page size, 1–200 (default 25).")]
    public int? Limit { get; init; }

    [Description("The next_cursor of the previous page.")]
    public string? Cursor { get; init; }
}
