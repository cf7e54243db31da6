using System.Text.Json;
using Npgsql;
using SimpleCrm.Data.Changes;
using SimpleCrm.Data.Orders;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Domain.Activities;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Data.Activities;

/// <summary>A committed change of an activity: the activity as it is now (or was, when deleted) and the timeline entry it added.</summary>
public sealed record ActivityWrite(Activity Activity, TimelineEntry Entry);

/// <summary>
/// What inserting a new activity came to: <see cref="Write"/> when stored; else <see cref="IdTaken"/> says whether an
/// activity has that id already, or (false) the customer does not exist in the workspace.
/// </summary>
public sealed record ActivityInsertResult(ActivityWrite? Write, bool IdTaken);

/// <summary>One new activity for <see cref="ActivityStore.InsertManyAsync"/>: its id, what it says and who wrote it.</summary>
public sealed record ActivityInsert(Guid Id, ActivityDraft Draft, Guid? CreatedBy);

/// <summary>A committed attachment, the timeline entry it added.</summary>
public sealed record AttachmentWrite(Attachment Attachment, TimelineEntry Entry);

/// <summary>An attachment's metadata with what a download needs: whose customer it is and where the bytes are.</summary>
public sealed record StoredAttachment(Attachment Attachment, Guid CustomerId, string StorageKey);

/// <summary>What a task's reminder needs to decide, read in one query: the task, its customer's owner and its assignee.</summary>
public sealed record TaskReminderState(
    Guid Id,
    Guid CustomerId,
    string Type,
    string Subject,
    string? Status,
    DateTimeOffset? DueAt,
    Guid? AssignedTo,
    Guid? CustomerOwner,
    string? AssigneeRole,
    string? AssigneeStatus);

/// <summary>
/// Writes of activities and their attachments' metadata. Each write commits the row, the customer's timeline entry,
/// the audit row and the outbox row together, and returns the timeline entry so the writer can tell the customer's
/// grain after the commit.
/// </summary>
public sealed class ActivityStore(CrmDatabase database)
{
    public async Task<Activity?> LoadAsync(WorkspaceId workspace, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await LoadAsync(session, id, cancellationToken);
    }

    private static async Task<Activity?> LoadAsync(WorkspaceSession session, Guid id, CancellationToken cancellationToken)
    {
        var row = await session.QuerySingleOrDefaultAsync<ActivityRow>(
            $"select {ActivityRow.Columns("a")} from activities a where a.workspace_id = @workspace and a.id = @id",
            new { workspace = session.Workspace.Value, id }, cancellationToken);
        return row?.ToDocument();
    }

    /// <summary>
    /// Inserts a new activity in a transaction of its own. An id already taken is told by the primary key rather than by
    /// a read first: ids are new but for a repeated delivery (inbound mail), so the read cost every write a round trip.
    /// </summary>
    public async Task<ActivityInsertResult> InsertAsync(WorkspaceId workspace, Guid id, ActivityDraft draft, Guid? createdBy, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        ActivityWrite? write;
        try
        {
            write = await InsertAsync(session, id, draft, createdBy, context, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation && e.ConstraintName?.Contains("customer", StringComparison.Ordinal) == true)
        {
            return new ActivityInsertResult(null, IdTaken: false); // the customer was deleted between the check and the insert
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "activities_pkey")
        {
            return new ActivityInsertResult(null, IdTaken: true);
        }

        if (write is not null)
        {
            await session.CommitAsync(cancellationToken);
        }

        return new ActivityInsertResult(write, IdTaken: false);
    }

    /// <summary>
    /// The insert inside a transaction the caller holds and commits (a writer that records something else with the
    /// activity, e.g. a sent email's outcome). A customer deleted meanwhile breaks the customer foreign key.
    /// </summary>
    /// <returns>The stored activity and its timeline entry, or null when the customer does not exist in the workspace.</returns>
    public async Task<ActivityWrite?> InsertAsync(WorkspaceSession session, Guid id, ActivityDraft draft, Guid? createdBy, ChangeContext context, CancellationToken cancellationToken = default)
    {
        var now = ActivityRules.Microseconds(DateTimeOffset.UtcNow);
        var activity = NewActivity(new ActivityInsert(id, draft, createdBy), now);
        var inserted = await session.ExecuteAsync($"""
            insert into activities ({InsertColumns})
            select {Columns("r", InsertColumns)} from jsonb_populate_record(null::activities, @row::jsonb) as r
            where exists (select 1 from customers c where c.workspace_id = r.workspace_id and c.id = r.customer_id)
            """, new { row = JsonSerializer.Serialize(JsonRow(session.Workspace, activity), CrmJson.Options) }, cancellationToken);
        if (inserted != 1)
        {
            return null;
        }

        var entry = await TimelineQueries.AppendAsync(session, activity.CustomerId, "activity.created", activity.Id, TimelineData(activity), now, cancellationToken);
        await ChangeJournal.AppendAsync(session, context, "activity", activity.Id, "create", null, activity, "activity.created", activity, cancellationToken);
        return new ActivityWrite(activity, entry);
    }

    /// <summary>
    /// Many new activities inside a transaction the caller holds and commits, with three multi-row statements in all
    /// (the rows, their timeline entries, their audit and outbox rows) instead of three per activity: for writers that
    /// record many at once (sent email, committed in groups). An activity whose customer does not exist in the
    /// workspace, or whose id is taken already, is left out (null in its place) and the others are written.
    /// </summary>
    /// <returns>One answer per insert, in order: the stored activity and its timeline entry, or null when left out.</returns>
    public async Task<IReadOnlyList<ActivityWrite?>> InsertManyAsync(WorkspaceSession session, IReadOnlyList<ActivityInsert> inserts, ChangeContext context, CancellationToken cancellationToken = default)
    {
        if (inserts.Count == 0)
        {
            return [];
        }

        var now = ActivityRules.Microseconds(DateTimeOffset.UtcNow);
        var activities = inserts.Select(i => NewActivity(i, now)).ToList();
        var inserted = (await session.QueryAsync<Guid>($"""
            insert into activities ({InsertColumns})
            select {Columns("r", InsertColumns)} from jsonb_populate_recordset(null::activities, @rows::jsonb) as r
            where exists (select 1 from customers c where c.workspace_id = r.workspace_id and c.id = r.customer_id)
            on conflict (workspace_id, id) do nothing
            returning id
            """, new { rows = JsonSerializer.Serialize(activities.Select(a => JsonRow(session.Workspace, a)), CrmJson.Options) }, cancellationToken)).ToHashSet();

        var written = activities.Where(a => inserted.Contains(a.Id)).ToList();
        var entries = await TimelineQueries.AppendManyAsync(session,
            written.Select(a => new TimelineWrite(a.CustomerId, "activity.created", a.Id, TimelineData(a), now)).ToList(), cancellationToken);
        await ChangeJournal.AppendManyAsync(session,
            written.Select(a => new JournalEntry(context, "activity", a.Id, "create", null, a, "activity.created", a)).ToList(), cancellationToken);
        return activities.Select(a => entries.TryGetValue(a.Id, out var entry) ? new ActivityWrite(a, entry) : null).ToList();
    }

    private static Activity NewActivity(ActivityInsert insert, DateTimeOffset now) => new()
    {
        Id = insert.Id,
        CustomerId = insert.Draft.CustomerId,
        Type = insert.Draft.Type,
        Direction = insert.Draft.Direction,
        Subject = insert.Draft.Subject,
        Description = insert.Draft.Description,
        EmailMetadata = insert.Draft.EmailMetadata,
        CreatedBy = insert.CreatedBy,
        AssignedTo = insert.Draft.AssignedTo,
        DueAt = insert.Draft.DueAt,
        Status = insert.Draft.Status,
        CompletedAt = insert.Draft.Status == ActivityTaskStatus.Completed ? now : null,
        Attachments = [],
        CreatedAt = now,
        UpdatedAt = now,
        Version = 1,
    };

    /// <summary>
    /// Replaces the activity's changeable fields with <paramref name="draft"/>'s (type and customer never change).
    /// </summary>
    /// <returns>The new state, or null when the stored version is not <paramref name="before"/>'s (changed meanwhile, or deleted).</returns>
    public async Task<ActivityWrite?> UpdateAsync(WorkspaceId workspace, Activity before, ActivityDraft draft, ChangeContext context, CancellationToken cancellationToken = default)
    {
        var now = ActivityRules.Microseconds(DateTimeOffset.UtcNow);
        var after = before with
        {
            Direction = draft.Direction,
            Subject = draft.Subject,
            Description = draft.Description,
            EmailMetadata = draft.EmailMetadata,
            AssignedTo = draft.AssignedTo,
            DueAt = draft.DueAt,
            Status = draft.Status,
            CompletedAt = draft.Status != ActivityTaskStatus.Completed ? null
                : before.Status == ActivityTaskStatus.Completed ? before.CompletedAt : now,
            UpdatedAt = now,
            Version = before.Version + 1,
        };

        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var updated = await session.ExecuteAsync($"""
            update activities a set ({ChangeColumns}) = ({Columns("r", ChangeColumns)})
            from jsonb_populate_record(null::activities, @row::jsonb) as r
            where a.workspace_id = r.workspace_id and a.id = r.id and a.version = @previousVersion
            """, new { row = JsonSerializer.Serialize(JsonRow(workspace, after), CrmJson.Options), previousVersion = before.Version }, cancellationToken);
        if (updated != 1)
        {
            return null;
        }

        var kind = UpdateKind(before, after);
        var entry = await TimelineQueries.AppendAsync(session, after.CustomerId, kind, after.Id, TimelineData(after), now, cancellationToken);
        await ChangeJournal.AppendAsync(session, context, "activity", after.Id, "update", before, after, kind, after, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new ActivityWrite(after, entry);
    }

    /// <returns>
    /// The timeline entry and the storage keys of the attachments that went with the row (the caller removes the
    /// files after the commit), or null when the stored version is not <paramref name="current"/>'s.
    /// </returns>
    public async Task<(ActivityWrite Write, IReadOnlyList<string> StorageKeys)?> DeleteAsync(WorkspaceId workspace, Activity current, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var keys = (await session.QueryAsync<string>(
            "select storage_key from activity_attachments where workspace_id = @workspace and activity_id = @id",
            new { workspace = workspace.Value, id = current.Id }, cancellationToken)).ToList();
        var deleted = await session.ExecuteAsync(
            "delete from activities where workspace_id = @workspace and id = @id and version = @version",
            new { workspace = workspace.Value, id = current.Id, version = current.Version }, cancellationToken);
        if (deleted != 1)
        {
            return null;
        }

        var now = ActivityRules.Microseconds(DateTimeOffset.UtcNow);
        var entry = await TimelineQueries.AppendAsync(session, current.CustomerId, "activity.deleted", current.Id,
            new { current.Type, current.Subject }, now, cancellationToken);
        await ChangeJournal.AppendAsync(session, context, "activity", current.Id, "delete", current, null, "activity.deleted",
            new { id = current.Id, customer_id = current.CustomerId }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return (new ActivityWrite(current, entry), keys);
    }

    /// <returns>The recorded attachment, or null when the activity no longer exists.</returns>
    public async Task<AttachmentWrite?> AddAttachmentAsync(WorkspaceId workspace, Activity activity, NewAttachment file, ChangeContext context, CancellationToken cancellationToken = default)
    {
        var now = ActivityRules.Microseconds(DateTimeOffset.UtcNow);
        var attachment = new Attachment
        {
            Id = file.Id,
            ActivityId = activity.Id,
            FileName = file.FileName,
            ContentType = file.ContentType,
            SizeBytes = file.SizeBytes,
            Sha256 = file.Sha256,
            UploadedBy = file.UploadedBy,
            CreatedAt = now,
        };

        await using var session = await database.BeginAsync(workspace, cancellationToken);
        int inserted;
        try
        {
            inserted = await session.ExecuteAsync("""
                insert into activity_attachments (workspace_id, id, activity_id, file_name, content_type, size_bytes, storage_key, sha256, uploaded_by, created_at)
                select @workspace, @Id, @ActivityId, @FileName, @ContentType, @SizeBytes, @storageKey, @Sha256, @UploadedBy, @CreatedAt
                where exists (select 1 from activities where workspace_id = @workspace and id = @ActivityId)
                """, new
            {
                workspace = workspace.Value,
                attachment.Id,
                attachment.ActivityId,
                attachment.FileName,
                attachment.ContentType,
                attachment.SizeBytes,
                storageKey = file.StorageKey,
                attachment.Sha256,
                attachment.UploadedBy,
                attachment.CreatedAt,
            }, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return null;
        }

        if (inserted != 1)
        {
            return null;
        }

        var entry = await TimelineQueries.AppendAsync(session, activity.CustomerId, "activity.attachment_added", activity.Id, new
        {
            activity_id = activity.Id,
            activity.Type,
            activity.Subject,
            attachment_id = attachment.Id,
            attachment.FileName,
            attachment.ContentType,
            attachment.SizeBytes,
        }, now, cancellationToken);
        await ChangeJournal.AppendAsync(session, context, "attachment", attachment.Id, "create", null, attachment, "activity.attachment_added",
            new { customer_id = activity.CustomerId, attachment }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new AttachmentWrite(attachment, entry);
    }

    public async Task<StoredAttachment?> FindAttachmentAsync(WorkspaceId workspace, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<AttachmentRow>("""
            select t.id, t.activity_id, t.file_name, t.content_type, t.size_bytes, t.sha256, t.uploaded_by, t.created_at, t.storage_key, a.customer_id
            from activity_attachments t
            join activities a on a.workspace_id = t.workspace_id and a.id = t.activity_id
            where t.workspace_id = @workspace and t.id = @id
            """, new { workspace = workspace.Value, id }, cancellationToken);
        return row is null ? null : new StoredAttachment(new Attachment
        {
            Id = row.Id,
            ActivityId = row.ActivityId,
            FileName = row.FileName,
            ContentType = row.ContentType,
            SizeBytes = row.SizeBytes,
            Sha256 = row.Sha256,
            UploadedBy = row.UploadedBy,
            CreatedAt = DbTime.Utc(row.CreatedAt),
        }, row.CustomerId, row.StorageKey);
    }

    /// <summary>The task, its customer's owner and its assignee's role and status; null when there is no such activity.</summary>
    public async Task<TaskReminderState?> LoadReminderStateAsync(WorkspaceId workspace, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<ReminderRow>("""
            select a.id, a.customer_id, a.type, a.subject, a.status, a.due_at, a.assigned_to, c.owner_id as customer_owner,
                   u.role as assignee_role, u.status as assignee_status
            from activities a
            join customers c on c.workspace_id = a.workspace_id and c.id = a.customer_id
            left join workspace_members u on u.user_id = a.assigned_to and u.workspace_id = a.workspace_id
            where a.workspace_id = @workspace and a.id = @id
            """, new { workspace = workspace.Value, id }, cancellationToken);
        return row is null ? null : new TaskReminderState(row.Id, row.CustomerId, row.Type, row.Subject, row.Status, DbTime.Utc(row.DueAt),
            row.AssignedTo, row.CustomerOwner, row.AssigneeRole, row.AssigneeStatus);
    }

    /// <summary>
    /// Pending assigned tasks whose reminder may be missing: changed since <paramref name="changedSince"/> (the process
    /// that wrote them may have stopped between the commit and registering the reminder), or due within the last day
    /// without a due notification.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> TasksToRecheckAsync(WorkspaceId workspace, DateTimeOffset changedSince, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<Guid>("""
            select a.id from activities a
            where a.workspace_id = @workspace and a.type = 'task' and a.status = 'pending'
              and a.assigned_to is not null and a.due_at is not null
              and (a.updated_at > @changedSince
                   or (a.due_at <= @now and a.due_at > @now - interval '1 day'
                       and not exists (select 1 from notifications n
                                       where n.workspace_id = a.workspace_id
                                         and n.dedupe_key like 'task.due:' || replace(a.id::text, '-', '') || ':%')))
            """, new { workspace = workspace.Value, changedSince, now }, cancellationToken)).ToList();
    }

    /// <summary>How a change shows on the timeline: completing, cancelling and reopening a task are their own kinds.</summary>
    private static string UpdateKind(Activity before, Activity after) => (before.Status, after.Status) switch
    {
        (not ActivityTaskStatus.Completed, ActivityTaskStatus.Completed) => "activity.completed",
        (not ActivityTaskStatus.Cancelled, ActivityTaskStatus.Cancelled) => "activity.cancelled",
        (ActivityTaskStatus.Completed or ActivityTaskStatus.Cancelled, ActivityTaskStatus.Pending) => "activity.reopened",
        _ => "activity.updated",
    };

    /// <summary>What the timeline shows of an activity: enough for a line in the feed, not the whole text.</summary>
    private static object TimelineData(Activity a) => new
    {
        a.Type,
        a.Direction,
        a.Subject,
        Preview = a.Description is null ? null : a.Description.Length <= 280 ? a.Description : a.Description[..280] + "…",
        a.CreatedBy,
        a.AssignedTo,
        a.DueAt,
        a.Status,
    };

    private const string InsertColumns =
        "workspace_id, id, customer_id, type, direction, subject, description, email_metadata, created_by, assigned_to, due_at, status, completed_at, created_at, updated_at, version";

    /// <summary>What an edit may change; the customer, type, author and creation time stay.</summary>
    private const string ChangeColumns = "direction, subject, description, email_metadata, assigned_to, due_at, status, completed_at, updated_at, version";

    /// <summary>The columns read from the JSON row <paramref name="alias"/>.</summary>
    private static string Columns(string alias, string columns) => string.Join(", ", columns.Split(", ").Select(c => $"{alias}.{c}"));

    /// <summary>An activity as a JSON object with the table's column names, read back with <c>jsonb_populate_record(null::activities, …)</c> by every write.</summary>
    private static object JsonRow(WorkspaceId workspace, Activity a) => new
    {
        WorkspaceId = workspace.Value,
        a.Id,
        a.CustomerId,
        Type = EnumNames.ToName(a.Type),
        Direction = a.Direction is { } direction ? EnumNames.ToName(direction) : null,
        a.Subject,
        a.Description,
        EmailMetadata = a.EmailMetadata is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(a.EmailMetadata, CrmJson.Options),
        a.CreatedBy,
        a.AssignedTo,
        a.DueAt,
        Status = a.Status is { } status ? EnumNames.ToName(status) : null,
        a.CompletedAt,
        a.CreatedAt,
        a.UpdatedAt,
        a.Version,
    };

    private sealed class AttachmentRow
    {
        public Guid Id { get; set; }
        public Guid ActivityId { get; set; }
        public string FileName { get; set; } = "";
        public string ContentType { get; set; } = "";
        public long SizeBytes { get; set; }
        public string Sha256 { get; set; } = "";
        public Guid? UploadedBy { get; set; }
        public DateTime CreatedAt { get; set; }
        public string StorageKey { get; set; } = "";
        public Guid CustomerId { get; set; }
    }

    private sealed class ReminderRow
    {
        public Guid Id { get; set; }
        public Guid CustomerId { get; set; }
        public string Type { get; set; } = "";
        public string Subject { get; set; } = "";
        public string? Status { get; set; }
        public DateTime? DueAt { get; set; }
        public Guid? AssignedTo { get; set; }
        public Guid? CustomerOwner { get; set; }
        public string? AssigneeRole { get; set; }
        public string? AssigneeStatus { get; set; }
    }
}
