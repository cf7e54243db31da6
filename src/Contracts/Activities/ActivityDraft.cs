namespace SimpleCrm.Contracts.Activities;

/// <summary>What is written for a new activity, or for an activity after a change (every field, normalised).</summary>
[GenerateSerializer, Immutable, Alias("crm.ActivityDraft")]
public sealed record ActivityDraft
{
    [Id(0)] public required Guid CustomerId { get; init; }
    [Id(1)] public required ActivityType Type { get; init; }
    [Id(2)] public ActivityDirection? Direction { get; init; }
    [Id(3)] public string Subject { get; init; } = "";
    [Id(4)] public string? Description { get; init; }
    [Id(5)] public EmailMetadata? EmailMetadata { get; init; }
    [Id(6)] public Guid? AssignedTo { get; init; }
    [Id(7)] public DateTimeOffset? DueAt { get; init; }
    [Id(8)] public ActivityTaskStatus? Status { get; init; }
}

/// <summary>
/// A partial change of an activity, applied inside its grain to the activity as stored: absent fields stay, type and
/// customer never change. With <see cref="Version"/>, it applies only to that version.
/// </summary>
[GenerateSerializer, Immutable, Alias("crm.ActivityChanges")]
public sealed record ActivityChanges
{
    [Id(0)] public ActivityDirection? Direction { get; init; }
    [Id(1)] public string? Subject { get; init; }
    [Id(2)] public string? Description { get; init; }
    [Id(3)] public EmailMetadata? EmailMetadata { get; init; }
    [Id(4)] public Guid? AssignedTo { get; init; }
    [Id(5)] public DateTimeOffset? DueAt { get; init; }
    [Id(6)] public ActivityTaskStatus? Status { get; init; }
    [Id(7)] public int? Version { get; init; }

    public ActivityDraft ApplyTo(Activity current) => new()
    {
        CustomerId = current.CustomerId,
        Type = current.Type,
        Direction = Direction ?? current.Direction,
        Subject = Subject ?? current.Subject,
        Description = Description ?? current.Description,
        EmailMetadata = EmailMetadata ?? current.EmailMetadata,
        AssignedTo = AssignedTo ?? current.AssignedTo,
        DueAt = DueAt ?? current.DueAt,
        Status = Status ?? current.Status,
    };
}

/// <summary>A file about to be recorded: its bytes are in the attachment store under <see cref="StorageKey"/> already.</summary>
[GenerateSerializer, Immutable, Alias("crm.NewAttachment")]
public sealed record NewAttachment(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string FileName,
    [property: Id(2)] string ContentType,
    [property: Id(3)] long SizeBytes,
    [property: Id(4)] string Sha256,
    [property: Id(5)] string StorageKey,
    [property: Id(6)] Guid? UploadedBy);

/// <summary>A deleted activity as it was, and the storage keys of its attachments' files (removed by whoever holds them, after the commit).</summary>
[GenerateSerializer, Immutable, Alias("crm.ActivityRemoved")]
public sealed record ActivityRemoved(
    [property: Id(0)] Activity Activity,
    [property: Id(1)] IReadOnlyList<string> StorageKeys);
