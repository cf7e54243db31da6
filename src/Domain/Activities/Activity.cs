namespace SimpleCrm.Domain.Activities;

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

/// <summary>The headers of a logged email (spec 3.3: email_metadata).</summary>
public sealed record EmailMetadata
{
    public string? From { get; init; }
    public IReadOnlyList<string>? To { get; init; }
    public IReadOnlyList<string>? Cc { get; init; }

    /// <summary>The RFC 5322 Message-ID, to thread replies and recognise an email logged twice.</summary>
    public string? MessageId { get; init; }
}

/// <summary>A file attached to an activity (metadata; the bytes are downloaded from <see cref="DownloadUrl"/>).</summary>
public sealed record Attachment
{
    public required Guid Id { get; init; }
    public required Guid ActivityId { get; init; }
    public required string FileName { get; init; }

    /// <summary>What the file's first bytes say it is (never the name or what the uploader claimed).</summary>
    public required string ContentType { get; init; }
    public required long SizeBytes { get; init; }

    /// <summary>SHA-256 of the content, lowercase hex.</summary>
    public required string Sha256 { get; init; }
    public required Guid? UploadedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string DownloadUrl => $"/api/v1/attachments/{Id}";
}

/// <summary>
/// The public JSON document of an activity (an email, call, meeting, note or task on a customer): API responses,
/// audit snapshots and outbox payloads use this one shape.
/// </summary>
public sealed record Activity
{
    public required Guid Id { get; init; }
    public required Guid CustomerId { get; init; }
    public required ActivityType Type { get; init; }
    public required ActivityDirection? Direction { get; init; }
    public required string Subject { get; init; }
    public required string? Description { get; init; }
    public required EmailMetadata? EmailMetadata { get; init; }

    /// <summary>The team member who logged it; null when an integration did.</summary>
    public required Guid? CreatedBy { get; init; }

    /// <summary>Tasks: who must do it (and gets the reminder).</summary>
    public required Guid? AssignedTo { get; init; }

    /// <summary>Tasks: when it is due; the assignee is notified then.</summary>
    public required DateTimeOffset? DueAt { get; init; }
    public required ActivityTaskStatus? Status { get; init; }
    public required DateTimeOffset? CompletedAt { get; init; }
    public required IReadOnlyList<Attachment> Attachments { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Increases with every change; send it back with an update to change only what you saw.</summary>
    public required int Version { get; init; }

    /// <summary>A pending task past its due time (as of the answer).</summary>
    public bool Overdue => Status == ActivityTaskStatus.Pending && DueAt < DateTimeOffset.UtcNow;
}
