using System.Text.Json;
using SimpleCrm.Data.Customers;
using SimpleCrm.Data.Orders;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Domain.Orders;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Orders;

namespace SimpleCrm.Data.Gdpr;

public sealed record ExternalIdEntry(string Source, string ExternalId);

public sealed record ExportedTimelineEntry(long Id, DateTimeOffset OccurredAt, string Kind, Guid? EntityId, JsonElement Data);

/// <summary>An audit row about the person. The team member's network address is left out: it is not the person's data.</summary>
public sealed record AuditEntryDocument(long Id, DateTimeOffset OccurredAt, string Actor, string Action, string EntityType, Guid? EntityId, JsonElement? Before, JsonElement? After);

/// <summary>Everything the CRM holds about one customer (GDPR art. 15 and 20), in the API's own JSON shapes.</summary>
public sealed record PersonalDataDocument
{
    public const string FormatName = "simplecrm.personal-data/1";

    public string Format { get; init; } = FormatName;
    public required DateTimeOffset GeneratedAt { get; init; }
    public required Guid WorkspaceId { get; init; }
    public required Customer Customer { get; init; }
    public required IReadOnlyList<ExternalIdEntry> ExternalIds { get; init; }

    /// <summary>With their items and refunds.</summary>
    public required IReadOnlyList<Order> Orders { get; init; }

    /// <summary>Emails, calls, meetings, notes and tasks about the customer, newest first (attachments by name and size).</summary>
    public required IReadOnlyList<JsonElement> Activities { get; init; }

    /// <summary>Newest first.</summary>
    public required IReadOnlyList<ExportedTimelineEntry> Timeline { get; init; }
    public required ConsentOverview Consents { get; init; }

    /// <summary>Changes to and reads of the customer and their orders, newest first.</summary>
    public required IReadOnlyList<AuditEntryDocument> Audit { get; init; }
}

/// <summary>Reads everything held about one customer, in one transaction so the parts agree with each other.</summary>
public sealed class PersonalDataExport(CrmDatabase database)
{
    /// <returns>null when the customer does not exist in the workspace.</returns>
    public async Task<PersonalDataDocument?> BuildAsync(WorkspaceId workspace, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var p = new { workspace = workspace.Value, customerId };
        var customer = await session.QuerySingleOrDefaultAsync<CustomerRow>(
            $"select {CustomerRow.Columns} from customers where workspace_id = @workspace and id = @customerId", p, cancellationToken);
        if (customer is null)
        {
            return null;
        }

        var externalIds = await session.QueryAsync<ExternalIdEntry>(
            "select source, external_id from customer_external_ids where workspace_id = @workspace and customer_id = @customerId order by source, external_id",
            p, cancellationToken);

        var orderRows = (await session.QueryAsync<OrderRow>(
            $"select {OrderRow.Columns} from orders where workspace_id = @workspace and customer_id = @customerId order by ordered_at desc, id desc",
            p, cancellationToken)).ToList();
        var orderIds = orderRows.Select(o => o.Id).ToArray();
        var items = (await session.QueryAsync<ItemRow>("""
            select order_id, id, product_id, product_name, sku, quantity, unit_price, total_price from order_items
            where workspace_id = @workspace and order_id = any(@orderIds) order by order_id, position
            """, new { workspace = workspace.Value, orderIds }, cancellationToken))
            .ToLookup(i => i.OrderId, i => new OrderItem(i.Id, i.ProductId, i.ProductName, i.Sku, i.Quantity, i.UnitPrice, i.TotalPrice));

        var timeline = await session.QueryAsync<TimelineRow>("""
            select id, occurred_at, kind, entity_id, data::text as data from timeline_entries
            where workspace_id = @workspace and customer_id = @customerId order by occurred_at desc, id desc
            """, p, cancellationToken);

        var activities = await session.QueryAsync<string>("""
            select jsonb_build_object('id', a.id, 'type', a.type, 'direction', a.direction, 'subject', a.subject,
                       'description', a.description, 'email_metadata', a.email_metadata, 'due_at', a.due_at, 'status', a.status,
                       'created_at', a.created_at,
                       'attachments', coalesce((select jsonb_agg(jsonb_build_object('file_name', t.file_name, 'content_type', t.content_type, 'size_bytes', t.size_bytes))
                                                from activity_attachments t where t.workspace_id = a.workspace_id and t.activity_id = a.id), '[]'::jsonb))::text
            from activities a where a.workspace_id = @workspace and a.customer_id = @customerId order by a.created_at desc, a.id desc
            """, p, cancellationToken);

        var entities = orderIds.Append(customerId).ToArray();
        var audit = await session.QueryAsync<AuditRow>("""
            select id, occurred_at, actor, action, entity_type, entity_id, before::text as before, after::text as after from audit_log
            where workspace_id = @workspace and entity_id = any(@entities) order by id desc
            """, new { workspace = workspace.Value, entities }, cancellationToken);

        return new PersonalDataDocument
        {
            GeneratedAt = DateTimeOffset.UtcNow,
            WorkspaceId = workspace.Value,
            Customer = Customer.From(customer.ToSnapshot()),
            ExternalIds = externalIds.ToList(),
            Orders = orderRows.Select(o => Order.From(o.ToSnapshot(items[o.Id].ToList()))).ToList(),
            Activities = activities.Select(a => Json(a)!.Value).ToList(),
            Timeline = timeline.Select(t => new ExportedTimelineEntry(t.Id, DbTime.Utc(t.OccurredAt), t.Kind, t.EntityId, Json(t.Data)!.Value)).ToList(),
            Consents = await ConsentStore.OverviewAsync(session, customerId, cancellationToken),
            Audit = audit.Select(a => new AuditEntryDocument(a.Id, DbTime.Utc(a.OccurredAt), a.Actor, a.Action, a.EntityType, a.EntityId, Json(a.Before), Json(a.After))).ToList(),
        };
    }

    private static JsonElement? Json(string? text)
    {
        if (text is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private sealed class ItemRow
    {
        public Guid OrderId { get; set; }
        public Guid Id { get; set; }
        public string ProductId { get; set; } = "";
        public string ProductName { get; set; } = "";
        public string? Sku { get; set; }
        public int Quantity { get; set; }
        public decimal UnitPrice { get; set; }
        public decimal TotalPrice { get; set; }
    }

    private sealed class TimelineRow
    {
        public long Id { get; set; }
        public DateTime OccurredAt { get; set; }
        public string Kind { get; set; } = "";
        public Guid? EntityId { get; set; }
        public string Data { get; set; } = "{}";
    }

    private sealed class AuditRow
    {
        public long Id { get; set; }
        public DateTime OccurredAt { get; set; }
        public string Actor { get; set; } = "";
        public string Action { get; set; } = "";
        public string EntityType { get; set; } = "";
        public Guid? EntityId { get; set; }
        public string? Before { get; set; }
        public string? After { get; set; }
    }
}
