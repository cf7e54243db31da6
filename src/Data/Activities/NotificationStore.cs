using System.Text.Json;
using Dapper;
using SimpleCrm.Data.Changes;
using SimpleCrm.Data.Lists;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Data.Activities;

/// <summary>What a team member is told: kind "task.due" carries {activity_id, customer_id, subject, due_at}.</summary>
public sealed record Notification(Guid Id, Guid UserId, string Kind, JsonElement Data, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>
/// Team members' notifications. Written by the system (a task's reminder), read and marked read only by the member
/// they are for: every query names the user as well as the workspace.
/// </summary>
public sealed class NotificationStore(CrmDatabase database)
{
    private const string Columns = "n.id, n.user_id, n.kind, n.data::text as data_json, n.created_at, n.read_at";

    private static readonly SortableColumn CreatedAt = new("created_at", "n.created_at", "timestamptz");

    public static readonly IReadOnlyList<SortTerm> Sort = [new(CreatedAt, Descending: true)];

    /// <summary>
    /// Writes a notification with its audit and outbox rows (the outbox lets a mail or mobile push follow later).
    /// </summary>
    /// <param name="dedupeKey">The same key twice in a workspace writes once: a repeated delivery is a no-op.</param>
    /// <returns>The new notification, or null when one with this key exists already.</returns>
    public async Task<NotificationRecord?> AddAsync(WorkspaceId workspace, Guid userId, string kind, object data, string dedupeKey, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<NotificationRow>($"""
            insert into notifications as n (workspace_id, id, user_id, kind, data, dedupe_key, created_at)
            values (@workspace, @id, @userId, @kind, @data::jsonb, @dedupeKey, @createdAt)
            on conflict (workspace_id, dedupe_key) where dedupe_key is not null do nothing
            returning {Columns}
            """, new
        {
            workspace = workspace.Value,
            id = Guid.CreateVersion7(),
            userId,
            kind,
            data = JsonSerializer.Serialize(data, CrmJson.Options),
            dedupeKey,
            createdAt = Domain.Activities.ActivityRules.Microseconds(DateTimeOffset.UtcNow),
        }, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var notification = row.ToRecord();
        await ChangeJournal.AppendAsync(session, context, "notification", notification.Id, "create", null, Document(notification),
            "notification.created", Document(notification), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return notification;
    }

    /// <summary>The user's notifications, newest first.</summary>
    public async Task<Page<NotificationRecord>> ListAsync(WorkspaceId workspace, Guid userId, bool unreadOnly, PageRequest page, CancellationToken cancellationToken = default)
    {
        var p = new DynamicParameters();
        p.Add("workspace", workspace.Value);
        p.Add("userId", userId);
        var fromWhere = "from notifications n where n.workspace_id = @workspace and n.user_id = @userId" + (unreadOnly ? " and n.read_at is null" : "");
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var result = await ListRunner.RunAsync<NotificationRow>(session, Columns, fromWhere, p, Sort, "n.id", page, cancellationToken);
        return new Page<NotificationRecord>(result.Items.Select(r => r.ToRecord()).ToList(), result.NextCursor, result.Total);
    }

    public async Task<long> UnreadCountAsync(WorkspaceId workspace, Guid userId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await session.QuerySingleOrDefaultAsync<long>(
            "select count(*) from notifications where workspace_id = @workspace and user_id = @userId and read_at is null",
            new { workspace = workspace.Value, userId }, cancellationToken);
    }

    /// <returns>The notification (read now, or already before), or null when the user has no notification with this id.</returns>
    public async Task<NotificationRecord?> MarkReadAsync(WorkspaceId workspace, Guid userId, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<NotificationRow>($"""
            update notifications n set read_at = coalesce(n.read_at, now())
            where n.workspace_id = @workspace and n.user_id = @userId and n.id = @id
            returning {Columns}
            """, new { workspace = workspace.Value, userId, id }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return row?.ToRecord();
    }

    /// <summary>Marks every unread notification of the user read at once.</summary>
    /// <returns>How many were unread.</returns>
    public async Task<int> MarkAllReadAsync(WorkspaceId workspace, Guid userId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var marked = await session.ExecuteAsync(
            "update notifications set read_at = now() where workspace_id = @workspace and user_id = @userId and read_at is null",
            new { workspace = workspace.Value, userId }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return marked;
    }

    /// <summary>The JSON shape of a notification (API, push, audit): the data object itself rather than its text.</summary>
    public static Notification Document(NotificationRecord n)
    {
        using var data = JsonDocument.Parse(n.DataJson);
        return new Notification(n.Id, n.UserId, n.Kind, data.RootElement.Clone(), n.CreatedAt, n.ReadAt);
    }

    private sealed class NotificationRow
    {
        public Guid Id { get; set; }
        public Guid UserId { get; set; }
        public string Kind { get; set; } = "";
        public string DataJson { get; set; } = "{}";
        public DateTime CreatedAt { get; set; }
        public DateTime? ReadAt { get; set; }

        public NotificationRecord ToRecord() => new(Id, UserId, Kind, DataJson, DbTime.Utc(CreatedAt), DbTime.Utc(ReadAt));
    }
}
