using System.Text.Json;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Changes;

namespace SimpleCrm.Data.Activities;

/// <summary>
/// Reads of customers' timelines (timeline_entries), in the timeline's one order: newest first by
/// (occurred_at, id). The customer's grain keeps the newest entries in memory; these page the rest.
/// </summary>
public sealed class TimelineQueries(CrmDatabase database)
{
    internal const string Columns = "id, customer_id, occurred_at, kind, entity_id, data::text as data_json";

    /// <summary>The newest <paramref name="limit"/> entries.</summary>
    public async Task<IReadOnlyList<TimelineEntry>> RecentAsync(WorkspaceId workspace, Guid customerId, int limit, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return Map(await session.QueryAsync<TimelineRow>($"""
            select {Columns} from timeline_entries
            where workspace_id = @workspace and customer_id = @customerId
            order by occurred_at desc, id desc limit @limit
            """, new { workspace = workspace.Value, customerId, limit }, cancellationToken));
    }

    /// <summary>Entries with an id above <paramref name="afterId"/> (written since), through the primary key.</summary>
    public async Task<IReadOnlyList<TimelineEntry>> NewerThanAsync(WorkspaceId workspace, Guid customerId, long afterId, int limit, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return Map(await session.QueryAsync<TimelineRow>($"""
            select {Columns} from timeline_entries
            where workspace_id = @workspace and customer_id = @customerId and id > @afterId
            order by id limit @limit
            """, new { workspace = workspace.Value, customerId, afterId, limit }, cancellationToken));
    }

    /// <summary>The entries strictly after (older than) the position (occurred_at, id), in timeline order.</summary>
    public async Task<IReadOnlyList<TimelineEntry>> OlderThanAsync(WorkspaceId workspace, Guid customerId, DateTimeOffset occurredAt, long id, int limit, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return Map(await session.QueryAsync<TimelineRow>($"""
            select {Columns} from timeline_entries
            where workspace_id = @workspace and customer_id = @customerId and (occurred_at, id) < (@occurredAt, @id)
            order by occurred_at desc, id desc limit @limit
            """, new { workspace = workspace.Value, customerId, occurredAt, id, limit }, cancellationToken));
    }

    /// <summary>Adds an entry inside the change's transaction and returns it as stored (id and time included).</summary>
    public static async Task<TimelineEntry> AppendAsync(WorkspaceSession session, Guid customerId, string kind, Guid? entityId, object data, DateTimeOffset occurredAt, CancellationToken cancellationToken = default)
    {
        var row = await session.QuerySingleOrDefaultAsync<TimelineRow>($"""
            insert into timeline_entries (workspace_id, customer_id, occurred_at, kind, entity_id, data)
            values (@workspace, @customerId, @occurredAt, @kind, @entityId, @data::jsonb)
            returning {Columns}
            """, new
        {
            workspace = session.Workspace.Value,
            customerId,
            occurredAt,
            kind,
            entityId,
            data = JsonSerializer.Serialize(data, CrmJson.Options),
        }, cancellationToken);
        return row!.ToEntry();
    }

    /// <summary>
    /// Adds many entries with one statement inside the change's transaction and returns them as stored, one per
    /// entity (each entry must be about a different entity), so their writers can hand them on without reading them back.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, TimelineEntry>> AppendManyAsync(WorkspaceSession session, IReadOnlyList<Changes.TimelineWrite> entries,
        CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return new Dictionary<Guid, TimelineEntry>();
        }

        var rows = await session.QueryAsync<TimelineRow>($"""
            insert into timeline_entries (workspace_id, customer_id, occurred_at, kind, entity_id, data)
            select @workspace, customer_id, occurred_at, kind, entity_id, data
            from jsonb_to_recordset(@rows::jsonb) as r(customer_id uuid, occurred_at timestamptz, kind text, entity_id uuid, data jsonb)
            returning {Columns}
            """, new
        {
            workspace = session.Workspace.Value,
            rows = Changes.TimelineJournal.RowsJson(entries),
        }, cancellationToken);
        return rows.Where(r => r.EntityId is not null).ToDictionary(r => r.EntityId!.Value, r => r.ToEntry());
    }

    private static List<TimelineEntry> Map(IEnumerable<TimelineRow> rows) => rows.Select(r => r.ToEntry()).ToList();

    private sealed class TimelineRow
    {
        public long Id { get; set; }
        public Guid CustomerId { get; set; }
        public DateTime OccurredAt { get; set; }
        public string Kind { get; set; } = "";
        public Guid? EntityId { get; set; }
        public string DataJson { get; set; } = "{}";

        public TimelineEntry ToEntry() => new(Id, CustomerId, DbTime.Utc(OccurredAt), Kind, EntityId, DataJson);
    }
}
