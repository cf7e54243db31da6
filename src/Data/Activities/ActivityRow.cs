using System.Text.Json;
using SimpleCrm.Data.Orders;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Domain.Customers;

namespace SimpleCrm.Data.Activities;

/// <summary>One activities row as Dapper reads it (with its attachments as a JSON array), and its columns.</summary>
internal sealed class ActivityRow
{
    /// <summary>The columns of <see cref="ActivityRow"/>, for a FROM that names activities <paramref name="a"/>.</summary>
    public static string Columns(string a) => $"""
        {a}.id, {a}.customer_id, {a}.type, {a}.direction, {a}.subject, {a}.description, {a}.email_metadata::text as email_metadata,
        {a}.created_by, {a}.assigned_to, {a}.due_at, {a}.status, {a}.completed_at, {a}.created_at, {a}.updated_at, {a}.version,
        (select coalesce(json_agg(json_build_object(
                'id', t.id, 'activity_id', t.activity_id, 'file_name', t.file_name, 'content_type', t.content_type,
                'size_bytes', t.size_bytes, 'sha256', t.sha256, 'uploaded_by', t.uploaded_by, 'created_at', t.created_at)
            order by t.created_at, t.id), '[]')::text
         from activity_attachments t where t.workspace_id = {a}.workspace_id and t.activity_id = {a}.id) as attachments
        """;

    public Guid Id { get; set; }
    public Guid CustomerId { get; set; }
    public string Type { get; set; } = "";
    public string? Direction { get; set; }
    public string Subject { get; set; } = "";
    public string? Description { get; set; }
    public string? EmailMetadata { get; set; }
    public Guid? CreatedBy { get; set; }
    public Guid? AssignedTo { get; set; }
    public DateTime? DueAt { get; set; }
    public string? Status { get; set; }
    public DateTime? CompletedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }
    public string Attachments { get; set; } = "[]";

    public Activity ToDocument() => new()
    {
        Id = Id,
        CustomerId = CustomerId,
        Type = EnumNames.Parse<ActivityType>(Type),
        Direction = Direction is null ? null : EnumNames.Parse<ActivityDirection>(Direction),
        Subject = Subject,
        Description = Description,
        EmailMetadata = EmailMetadata is null ? null : JsonSerializer.Deserialize<EmailMetadata>(EmailMetadata, CrmJson.Options),
        CreatedBy = CreatedBy,
        AssignedTo = AssignedTo,
        DueAt = DbTime.Utc(DueAt),
        Status = Status is null ? null : EnumNames.Parse<ActivityTaskStatus>(Status),
        CompletedAt = DbTime.Utc(CompletedAt),
        Attachments = JsonSerializer.Deserialize<List<Attachment>>(Attachments, CrmJson.Options) ?? [],
        CreatedAt = DbTime.Utc(CreatedAt),
        UpdatedAt = DbTime.Utc(UpdatedAt),
        Version = Version,
    };
}
