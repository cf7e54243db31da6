namespace SimpleCrm.Contracts.Activities;

public enum ActivityType
{
    Email,
    Call,
    Meeting,
    Note,
    Task,
}

public enum ActivityDirection
{
    Inbound,
    Outbound,
}

/// <summary>A task's state: pending until completed or cancelled (either may be reopened to pending).</summary>
public enum ActivityTaskStatus
{
    Pending,
    Completed,
    Cancelled,
}

/// <summary>The headers of a logged email (email_metadata).</summary>
[GenerateSerializer, Immutable, Alias("crm.EmailMetadata")]
public sealed record EmailMetadata
{
    [Id(0)] public string? From { get; init; }
    [Id(1)] public IReadOnlyList<string>? To { get; init; }
    [Id(2)] public IReadOnlyList<string>? Cc { get; init; }

    /// <summary>The RFC 5322 Message-ID, to thread replies and recognise an email logged twice.</summary>
    [Id(3)] public string? MessageId { get; init; }

    /// <summary>The template the email was rendered from, when it was sent by the CRM.</summary>
    [Id(4)] public Guid? TemplateId { get; init; }

    /// <summary>The language of the variant sent.</summary>
    [Id(5)] public string? Language { get; init; }

    /// <summary>Set by open tracking (the pixel) or a tracked click, for mail the CRM sent.</summary>
    [Id(6)] public bool? Opened { get; init; }

    /// <summary>When the mail was first opened; later opens keep it.</summary>
    [Id(7)] public DateTimeOffset? OpenedAt { get; init; }

    /// <summary>Set when a tracked link in the mail was followed.</summary>
    [Id(8)] public bool? Clicked { get; init; }

    /// <summary>Set when the mail provider reported the mail delivered to the recipient's server.</summary>
    [Id(9)] public bool? Delivered { get; init; }

    /// <summary>The conversation the email belongs to: the id of the email that started it.</summary>
    [Id(10)] public Guid? ThreadId { get; init; }

    /// <summary>The Message-ID this email answers.</summary>
    [Id(11)] public string? InReplyTo { get; init; }
}

/// <summary>What a recipient did with a tracked email.</summary>
public enum EmailEngagement
{
    Delivered,
    Opened,
    Clicked,
}

/// <summary>A file attached to an activity (metadata; the bytes are downloaded from <see cref="DownloadUrl"/>).</summary>
[GenerateSerializer, Immutable, Alias("crm.Attachment")]
public sealed record Attachment
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required Guid ActivityId { get; init; }
    [Id(2)] public required string FileName { get; init; }

    /// <summary>What the file's first bytes say it is (never the name or what the uploader claimed).</summary>
    [Id(3)] public required string ContentType { get; init; }
    [Id(4)] public required long SizeBytes { get; init; }

    /// <summary>SHA-256 of the content, lowercase hex.</summary>
    [Id(5)] public required string Sha256 { get; init; }
    [Id(6)] public required Guid? UploadedBy { get; init; }
    [Id(7)] public required DateTimeOffset CreatedAt { get; init; }
    public string DownloadUrl => $"/api/v1/attachments/{Id}";
}

/// <summary>
/// The public JSON document of an activity (an email, call, meeting, note or task on a customer): API responses,
/// audit snapshots and outbox payloads use this one shape.
/// </summary>
[GenerateSerializer, Immutable, Alias("crm.Activity")]
public sealed record Activity
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required Guid CustomerId { get; init; }
    [Id(2)] public required ActivityType Type { get; init; }
    [Id(3)] public required ActivityDirection? Direction { get; init; }
    [Id(4)] public required string Subject { get; init; }
    [Id(5)] public required string? Description { get; init; }
    [Id(6)] public required EmailMetadata? EmailMetadata { get; init; }

    /// <summary>The team member who logged it; null when an integration did.</summary>
    [Id(7)] public required Guid? CreatedBy { get; init; }

    /// <summary>Tasks: who must do it (and gets the reminder).</summary>
    [Id(8)] public required Guid? AssignedTo { get; init; }

    /// <summary>Tasks: when it is due; the assignee is notified then.</summary>
    [Id(9)] public required DateTimeOffset? DueAt { get; init; }
    [Id(10)] public required ActivityTaskStatus? Status { get; init; }
    [Id(11)] public required DateTimeOffset? CompletedAt { get; init; }
    [Id(12)] public required IReadOnlyList<Attachment> Attachments { get; init; }
    [Id(13)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(14)] public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Increases with every change; send it back with an update to change only what you saw.</summary>
    [Id(15)] public required int Version { get; init; }

    /// <summary>A pending task past its due time (as of the answer).</summary>
    public bool Overdue => Status == ActivityTaskStatus.Pending && DueAt < DateTimeOffset.UtcNow;
}
