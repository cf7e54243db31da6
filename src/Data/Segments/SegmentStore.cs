using System.Text.Json;
using Npgsql;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Segments;
using SimpleCrm.Data.Activities;
using SimpleCrm.Data.Changes;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Domain.Segments;

namespace SimpleCrm.Data.Segments;

/// <summary>
/// Writes of segments and their memberships. A segment's grain writes its definition and static members; a customer's
/// grain writes that customer's dynamic memberships. Each write commits its rows, audit and outbox together.
/// </summary>
public sealed class SegmentStore(CrmDatabase database)
{
    public const string NameConstraint = "segments_name_uq";
    public const string EnteredEvent = "segment.entered";
    public const string LeftEvent = "segment.left";

    private const string Columns = "id, name, kind, rules::text as rules_json, created_at, updated_at, version";

    public static bool IsDuplicateName(Exception e) => e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: NameConstraint };

    public async Task<IReadOnlyList<SegmentDefinition>> LoadAllAsync(WorkspaceId workspace, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<SegmentRow>($"select {Columns} from segments where workspace_id = @workspace order by lower(name), id",
            new { workspace = workspace.Value }, cancellationToken)).Select(r => r.ToDefinition()).ToList();
    }

    public async Task<SegmentDefinition?> FindAsync(WorkspaceId workspace, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<SegmentRow>($"select {Columns} from segments where workspace_id = @workspace and id = @id",
            new { workspace = workspace.Value, id }, cancellationToken);
        return row?.ToDefinition();
    }

    /// <summary>Current members, through the open-stay index.</summary>
    public async Task<long> CountAsync(WorkspaceId workspace, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await session.QuerySingleOrDefaultAsync<long>(
            "select count(*) from segment_memberships where workspace_id = @workspace and segment_id = @id and left_at is null",
            new { workspace = workspace.Value, id }, cancellationToken);
    }

    /// <summary>How many customers the rules match now (the builder's live count), optionally among one owner's customers.</summary>
    public async Task<long> PreviewCountAsync(WorkspaceId workspace, SegmentRule rule, DateTimeOffset now, Guid? visibleToOwner, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var (where, parameters) = SegmentSql.Compile(rule, now);
        parameters.Add("workspace", workspace.Value);
        parameters.Add("visibleToOwner", visibleToOwner);
        return await session.QuerySingleOrDefaultAsync<long>(
            $"select count(*) from customers c where c.workspace_id = @workspace and (@visibleToOwner::uuid is null or c.owner_id = @visibleToOwner) and {where}",
            parameters, cancellationToken);
    }

    /// <summary>The ids of the customers the rules match now, for tests and tools that compare back ends.</summary>
    public async Task<IReadOnlySet<Guid>> MatchingIdsAsync(WorkspaceId workspace, SegmentRule rule, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var (where, parameters) = SegmentSql.Compile(rule, now);
        parameters.Add("workspace", workspace.Value);
        return (await session.QueryAsync<Guid>($"select c.id from customers c where c.workspace_id = @workspace and {where}", parameters, cancellationToken)).ToHashSet();
    }

    /// <summary>What a customer bought (products and SKUs of counted orders), for rules on purchases.</summary>
    public async Task<(IReadOnlySet<string> ProductIds, IReadOnlySet<string> Skus)> PurchasesAsync(WorkspaceId workspace, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var rows = (await session.QueryAsync<(string ProductId, string? Sku)>($"""
            select distinct i.product_id, i.sku from orders o join order_items i on i.workspace_id = o.workspace_id and i.order_id = o.id
            where o.workspace_id = @workspace and o.customer_id = @customerId and {SegmentSql.CountedOrder}
            """, new { workspace = workspace.Value, customerId }, cancellationToken)).ToList();
        return (rows.Select(r => r.ProductId).ToHashSet(), rows.Where(r => r.Sku is not null).Select(r => r.Sku!).ToHashSet());
    }

    /// <summary>Creates the segment and fills it: a dynamic one from its rules in SQL, a static one with the given customers.</summary>
    public async Task CreateAsync(WorkspaceId workspace, SegmentDefinition segment, SegmentRule? rule, IReadOnlyList<Guid> members, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync("""
            insert into segments (workspace_id, id, name, kind, rules, created_at, updated_at, version)
            values (@workspace, @Id, @Name, @kind, @RulesJson::jsonb, @CreatedAt, @UpdatedAt, @Version)
            """, new { workspace = workspace.Value, segment.Id, segment.Name, kind = KindName(segment.Kind), segment.RulesJson, segment.CreatedAt, segment.UpdatedAt, segment.Version },
            cancellationToken);
        if (rule is not null)
        {
            await FillAsync(session, segment.Id, rule, segment.UpdatedAt, cancellationToken);
        }
        else
        {
            await AddAsync(session, segment.Id, members, segment.UpdatedAt, cancellationToken);
        }

        await ChangeJournal.AppendAsync(session, context, "segment", segment.Id, "create", null, Document(segment), "segment.created", Document(segment), cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    /// <summary>Renames and/or redefines; new rules move the members in SQL in the same transaction.</summary>
    public async Task<bool> UpdateAsync(WorkspaceId workspace, SegmentDefinition before, SegmentDefinition after, SegmentRule? newRule, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var updated = await session.ExecuteAsync("""
            update segments set name = @Name, rules = @RulesJson::jsonb, updated_at = @UpdatedAt, version = @Version
            where workspace_id = @workspace and id = @Id and version = @previous
            """, new { workspace = workspace.Value, after.Id, after.Name, after.RulesJson, after.UpdatedAt, after.Version, previous = before.Version }, cancellationToken);
        if (updated != 1)
        {
            return false;
        }

        if (newRule is not null)
        {
            var (where, parameters) = SegmentSql.Compile(newRule, after.UpdatedAt);
            parameters.Add("workspace", workspace.Value);
            parameters.Add("segment", after.Id);
            parameters.Add("now", after.UpdatedAt);
            await session.ExecuteLongAsync($"""
                update segment_memberships m set left_at = @now
                where m.workspace_id = @workspace and m.segment_id = @segment and m.left_at is null
                  and not exists (select 1 from customers c where c.workspace_id = m.workspace_id and c.id = m.customer_id and {where})
                """, parameters, cancellationToken);
            await FillAsync(session, after.Id, newRule, after.UpdatedAt, cancellationToken);
        }

        await ChangeJournal.AppendAsync(session, context, "segment", after.Id, "update", Document(before), Document(after), "segment.updated", Document(after), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> DeleteAsync(WorkspaceId workspace, SegmentDefinition segment, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var deleted = await session.ExecuteAsync("delete from segments where workspace_id = @workspace and id = @id",
            new { workspace = workspace.Value, id = segment.Id }, cancellationToken);
        if (deleted != 1)
        {
            return false;
        }

        await ChangeJournal.AppendAsync(session, context, "segment", segment.Id, "delete", Document(segment), null, "segment.deleted", new { id = segment.Id }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Hand-picked members of a static segment: adds (existing customers only) and removals, as one change.</summary>
    public async Task ChangeMembersAsync(WorkspaceId workspace, SegmentDefinition segment, IReadOnlyList<Guid> add, IReadOnlyList<Guid> remove, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var now = DatabaseClock.Now();
        await AddAsync(session, segment.Id, add, now, cancellationToken);
        await session.ExecuteAsync("""
            update segment_memberships set left_at = @now
            where workspace_id = @workspace and segment_id = @segment and left_at is null and customer_id = any(@remove)
            """, new { workspace = workspace.Value, segment = segment.Id, now, remove = remove.ToArray() }, cancellationToken);
        await ChangeJournal.AppendAsync(session, context, "segment", segment.Id, "members", null, new { add, remove }, "segment.members_changed", new { id = segment.Id, add, remove }, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Brings one customer's dynamic memberships to <paramref name="matching"/> (among <paramref name="dynamic"/>, the
    /// workspace's dynamic segments) and records when time may next change them. Only stays that really open or close
    /// get a timeline entry and an outbox event, so a repeat (or a segment filled in SQL meanwhile) writes nothing twice.
    /// </summary>
    public async Task<SegmentMoves> ReconcileCustomerAsync(
        WorkspaceId workspace, Guid customerId, IReadOnlyDictionary<Guid, string> dynamic, IReadOnlyCollection<Guid> matching, DateTimeOffset? flipsAt, bool hadFlip, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var now = DatabaseClock.Now();
        var p = new { workspace = workspace.Value, customerId, now, dynamic = dynamic.Keys.ToArray(), matching = matching.ToArray(), flipsAt };
        var entered = (await session.QueryAsync<Guid>("""
            insert into segment_memberships (workspace_id, segment_id, customer_id, entered_at)
            select @workspace, s.id, @customerId, @now from segments s where s.workspace_id = @workspace and s.id = any(@matching)
            on conflict (workspace_id, segment_id, customer_id) where left_at is null do nothing
            returning segment_id
            """, p, cancellationToken)).ToList();
        var left = (await session.QueryAsync<Guid>("""
            update segment_memberships set left_at = @now
            where workspace_id = @workspace and customer_id = @customerId and left_at is null
              and segment_id = any(@dynamic) and not (segment_id = any(@matching))
            returning segment_id
            """, p, cancellationToken)).ToList();
        if (flipsAt is not null)
        {
            await session.ExecuteAsync("""
                insert into segment_flips (workspace_id, customer_id, flips_at) values (@workspace, @customerId, @flipsAt)
                on conflict (workspace_id, customer_id) do update set flips_at = excluded.flips_at
                """, p, cancellationToken);
        }
        else if (hadFlip)
        {
            await session.ExecuteAsync("delete from segment_flips where workspace_id = @workspace and customer_id = @customerId", p, cancellationToken);
        }

        // One statement for every move's timeline entry and one for its outbox event: a new customer may enter dozens of
        // segments at once, and a round trip per move made that the slowest write of the change.
        var moved = entered.Select(id => (Segment: id, Kind: EnteredEvent)).Concat(left.Select(id => (Segment: id, Kind: LeftEvent))).ToList();
        var entries = new List<TimelineEntry>(moved.Count);
        if (moved.Count > 0)
        {
            var written = await TimelineQueries.AppendManyAsync(session, moved.Select(m =>
                new TimelineWrite(customerId, m.Kind, m.Segment, new { segment_id = m.Segment, segment_name = dynamic.GetValueOrDefault(m.Segment, "") }, now)).ToList(),
                cancellationToken);
            entries.AddRange(moved.Select(m => written[m.Segment]));
            await session.ExecuteAsync("""
                insert into outbox (workspace_id, topic, entity_id, payload)
                select @workspace, m.topic, @customerId, m.payload::jsonb from unnest(@topics, @payloads) as m(topic, payload)
                """, new
            {
                workspace = workspace.Value,
                customerId,
                topics = moved.Select(m => m.Kind).ToArray(),
                payloads = moved.Select(m => JsonSerializer.Serialize(new
                {
                    @event = m.Kind, timestamp = now,
                    data = new { customer_id = customerId, segment = new { id = m.Segment, name = dynamic.GetValueOrDefault(m.Segment, "") } },
                }, CrmJson.Options)).ToArray(),
            }, cancellationToken);
        }

        await session.CommitAsync(cancellationToken);
        return new SegmentMoves(entered, left, entries);
    }

    /// <summary>A customer is gone: close their open stays (no timeline: it went with them).</summary>
    public async Task<IReadOnlyList<Guid>> LeaveAllAsync(WorkspaceId workspace, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var p = new { workspace = workspace.Value, customerId, now = DatabaseClock.Now() };
        var left = (await session.QueryAsync<Guid>("""
            update segment_memberships set left_at = @now where workspace_id = @workspace and customer_id = @customerId and left_at is null
            returning segment_id
            """, p, cancellationToken)).ToList();
        await session.ExecuteAsync("delete from segment_flips where workspace_id = @workspace and customer_id = @customerId", p, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return left;
    }

    /// <summary>Customers whose segments time has changed by now, oldest due first, through the due index.</summary>
    public async Task<IReadOnlyList<Guid>> DueFlipsAsync(WorkspaceId workspace, int limit, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<Guid>("""
            select customer_id from segment_flips where workspace_id = @workspace and flips_at <= now() order by flips_at limit @limit
            """, new { workspace = workspace.Value, limit }, cancellationToken)).ToList();
    }

    /// <summary>Whether time may change this customer's segments (they have a flips row), read on the grain's activation.</summary>
    public async Task<bool> HasFlipAsync(WorkspaceId workspace, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await session.QuerySingleOrDefaultAsync<bool>(
            "select exists (select 1 from segment_flips where workspace_id = @workspace and customer_id = @customerId)",
            new { workspace = workspace.Value, customerId }, cancellationToken);
    }

    /// <summary>
    /// Opens a stay for every customer the rule matches now, and for time rules records when each customer's last order
    /// leaves each window, so the sweep finds them later (the customers' grains keep that up to date from then on).
    /// </summary>
    private static async Task FillAsync(WorkspaceSession session, Guid segmentId, SegmentRule rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (where, parameters) = SegmentSql.Compile(rule, now);
        parameters.Add("workspace", session.Workspace.Value);
        parameters.Add("segment", segmentId);
        parameters.Add("now", now);
        await session.ExecuteLongAsync($"""
            insert into segment_memberships (workspace_id, segment_id, customer_id, entered_at)
            select @workspace, @segment, c.id, @now from customers c where c.workspace_id = @workspace and {where}
            on conflict (workspace_id, segment_id, customer_id) where left_at is null do nothing
            """, parameters, cancellationToken);
        foreach (var days in SegmentFields.TimeWindows(rule))
        {
            await session.ExecuteLongAsync("""
                insert into segment_flips (workspace_id, customer_id, flips_at)
                select @workspace, c.id, c.last_order_date + @window from customers c
                where c.workspace_id = @workspace and c.last_order_date + @window > @now
                on conflict (workspace_id, customer_id) do update set flips_at = least(segment_flips.flips_at, excluded.flips_at)
                """, new { workspace = session.Workspace.Value, window = SegmentClock.Days(days), now }, cancellationToken);
        }
    }

    private static Task AddAsync(WorkspaceSession session, Guid segmentId, IReadOnlyList<Guid> customers, DateTimeOffset now, CancellationToken cancellationToken) =>
        customers.Count == 0
            ? Task.CompletedTask
            : session.ExecuteAsync("""
                insert into segment_memberships (workspace_id, segment_id, customer_id, entered_at)
                select @workspace, @segment, c.id, @now from customers c where c.workspace_id = @workspace and c.id = any(@customers)
                on conflict (workspace_id, segment_id, customer_id) where left_at is null do nothing
                """, new { workspace = session.Workspace.Value, segment = segmentId, now, customers = customers.ToArray() }, cancellationToken);

    private static object Document(SegmentDefinition s) => new
    {
        id = s.Id,
        name = s.Name,
        kind = KindName(s.Kind),
        rules = s.RulesJson is null ? (JsonElement?)null : JsonDocument.Parse(s.RulesJson).RootElement.Clone(),
    };

    public static string KindName(SegmentKind kind) => kind == SegmentKind.Dynamic ? "dynamic" : "static";

    private sealed class SegmentRow
    {
        public Guid Id { get; set; }
        public string Name { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? RulesJson { get; set; }
        public DateTime CreatedAt { get; set; }
        public DateTime UpdatedAt { get; set; }
        public int Version { get; set; }

        public SegmentDefinition ToDefinition() => new(Id, Name, Kind == "dynamic" ? SegmentKind.Dynamic : SegmentKind.Static, RulesJson,
            DbTime.Utc(CreatedAt), DbTime.Utc(UpdatedAt), Version);
    }
}

/// <summary>What one reconciliation changed: segments entered and left, and the timeline entries written for them.</summary>
public sealed record SegmentMoves(IReadOnlyList<Guid> Entered, IReadOnlyList<Guid> Left, IReadOnlyList<TimelineEntry> Entries);
