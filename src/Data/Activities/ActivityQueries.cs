using System.Text;
using Dapper;
using SimpleCrm.Data.Lists;
using SimpleCrm.Data.Orders;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Data.Activities;

/// <summary>What an activity list is narrowed to. Every part is optional; they combine with AND.</summary>
public sealed record ActivityFilter
{
    public IReadOnlyList<ActivityType> Types { get; init; } = [];
    public Guid? CustomerId { get; init; }
    public Guid? AssignedTo { get; init; }
    public Guid? CreatedBy { get; init; }
    public IReadOnlyList<ActivityTaskStatus> Statuses { get; init; } = [];

    /// <summary>Tasks due before this instant.</summary>
    public DateTimeOffset? DueBefore { get; init; }

    /// <summary>Pending tasks whose due time has passed.</summary>
    public bool Overdue { get; init; }
    public DateTimeOffset? CreatedAfter { get; init; }
    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>Access control, not a user's filter: only activities of customers assigned to this team member (agents).</summary>
    public Guid? VisibleToOwner { get; init; }
}

/// <summary>Reads across many activities: lists go to SQL, with the shared list engine (keyset or offset paging).</summary>
public sealed class ActivityQueries(CrmDatabase database)
{
    public static readonly IReadOnlyDictionary<string, SortableColumn> Sortable = new[]
    {
        new SortableColumn("created_at", "a.created_at", "timestamptz"),
        new SortableColumn("updated_at", "a.updated_at", "timestamptz"),
        // Activities without a due time (everything but tasks) sort after every task.
        new SortableColumn("due_at", "coalesce(a.due_at, 'infinity'::timestamptz)", "timestamptz"),
        new SortableColumn("type", "a.type", "text"),
    }.ToDictionary(c => c.Name);

    public static readonly IReadOnlyList<SortTerm> DefaultSort = [new(Sortable["created_at"], Descending: true)];

    /// <summary>Tasks: the soonest due first.</summary>
    public static readonly IReadOnlyList<SortTerm> DueSort = [new(Sortable["due_at"], Descending: false)];

    public async Task<Page<Activity>> ListAsync(WorkspaceId workspace, ActivityFilter filter, IReadOnlyList<SortTerm> sort, PageRequest page, CancellationToken cancellationToken = default)
    {
        var (fromWhere, parameters) = Where(workspace, filter);
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var result = await ListRunner.RunAsync<ActivityRow>(session, ActivityRow.Columns("a"), fromWhere, parameters, sort, "a.id", page, cancellationToken);
        return new Page<Activity>(result.Items.Select(r => r.ToDocument()).ToList(), result.NextCursor, result.Total);
    }

    /// <summary>The FROM/WHERE of a filter, with its parameters. Every value is a parameter, never spliced text.</summary>
    public static (string Sql, DynamicParameters Parameters) Where(WorkspaceId workspace, ActivityFilter filter)
    {
        var sql = new StringBuilder("from activities a where a.workspace_id = @workspace");
        var p = new DynamicParameters();
        p.Add("workspace", workspace.Value);
        if (filter.Types.Count > 0)
        {
            sql.Append(" and a.type = any(@types)");
            p.Add("types", filter.Types.Select(EnumNames.ToName).ToArray());
        }

        if (filter.Statuses.Count > 0)
        {
            sql.Append(" and a.status = any(@statuses)");
            p.Add("statuses", filter.Statuses.Select(EnumNames.ToName).ToArray());
        }

        Conditions.AddIf(sql, p, "a.customer_id = @customerId", "customerId", filter.CustomerId);
        Conditions.AddIf(sql, p, "a.assigned_to = @assignedTo", "assignedTo", filter.AssignedTo);
        Conditions.AddIf(sql, p, "a.created_by = @createdBy", "createdBy", filter.CreatedBy);
        Conditions.AddIf(sql, p, "a.due_at < @dueBefore", "dueBefore", filter.DueBefore);
        Conditions.AddIf(sql, p, "a.created_at > @createdAfter", "createdAfter", filter.CreatedAfter);
        Conditions.AddIf(sql, p, "a.created_at < @createdBefore", "createdBefore", filter.CreatedBefore);
        if (filter.Overdue)
        {
            sql.Append(" and a.type = 'task' and a.status = 'pending' and a.due_at < now()");
        }

        Conditions.AddIf(sql, p,
            "exists (select 1 from customers c where c.workspace_id = a.workspace_id and c.id = a.customer_id and c.owner_id = @visibleToOwner)",
            "visibleToOwner", filter.VisibleToOwner);
        return (sql.ToString(), p);
    }
}
