using System.Text.Json;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Activities;
using SimpleCrm.Contracts.Orders;
using SimpleCrm.Data.Changes;
using SimpleCrm.Data.Orders;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Domain.Orders;

namespace SimpleCrm.Data.Commerce;

/// <summary>Which shop order a local order is, and the source's updated_at it holds.</summary>
public sealed record SourceOrderKey(Guid ShopId, string ExternalId, DateTimeOffset? SourceUpdatedAt, SourceMoney Money);

/// <summary>
/// Writes of orders that come from a shop; only the order's grain calls these. Like <see cref="OrderStore"/>, each
/// write commits the row, its items, the customer's timeline entry, the audit and outbox rows — and here also the
/// order's link to the shop with the source time it reflects — in one transaction. Shops send orders in bursts and
/// many order grains write at once, so the writes are committed in groups (<see cref="GroupCommit{TWrite,TResult}"/>):
/// one transaction and one multi-row statement per table for everything queued, each grain still waiting for its
/// own write's commit.
/// </summary>
public sealed class SourceOrderStore : IAsyncDisposable
{
    private readonly CrmDatabase database;
    private readonly GroupCommit<SourceOrderWrite, TimelineEntry?> inserts;
    private readonly GroupCommit<SourceOrderWrite, TimelineEntry?> updates;

    public SourceOrderStore(CrmDatabase database)
    {
        this.database = database;
        inserts = new(database, InsertManyAsync);
        updates = new(database, UpdateManyAsync);
    }

    public async Task<DateTimeOffset?> SourceUpdatedAtAsync(WorkspaceId workspace, Guid orderId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await session.QuerySingleOrDefaultAsync<DateTimeOffset?>(
            "select max(source_updated_at) from commerce_links where workspace_id = @workspace and kind = 'order' and local_id = @orderId",
            new { workspace = workspace.Value, orderId }, cancellationToken);
    }

    /// <summary>A new order from the shop, unless an order with its id exists already (a repeated event).</summary>
    /// <returns>The order's timeline entry as stored; null when the order existed (nothing was written).</returns>
    public Task<TimelineEntry?> InsertAsync(OrderSnapshot order, SourceOrderKey key, ChangeContext context, CancellationToken cancellationToken = default) =>
        inserts.WriteAsync(order.Workspace, new SourceOrderWrite(null, order, key, context, "order.created",
            new { order.OrderNumber, order.Status, order.TotalAmount, order.Currency }), cancellationToken);

    /// <summary>The shop's newer state of the order: amounts as the shop gives them, items replaced.</summary>
    /// <returns>The change's timeline entry as stored; null when the stored version is not <paramref name="before"/>'s.</returns>
    public Task<TimelineEntry?> UpdateAsync(OrderSnapshot before, OrderSnapshot after, SourceOrderKey key, ChangeContext context, string timelineKind, object timelineData,
        CancellationToken cancellationToken = default) =>
        updates.WriteAsync(after.Workspace, new SourceOrderWrite(before, after, key, context, timelineKind, timelineData), cancellationToken);

    private static async Task<IReadOnlyList<TimelineEntry?>> InsertManyAsync(WorkspaceSession session, IReadOnlyList<SourceOrderWrite> writes, CancellationToken cancellationToken)
    {
        // An order that exists already is left alone: its grain reads it and applies the event as an update.
        var inserted = (await session.QueryAsync<Guid>($"""
            insert into orders ({OrderRow.InsertColumns}) {OrderRow.SelectRows}
            on conflict (workspace_id, id) do nothing
            returning id
            """, new { rows = Rows(writes) }, cancellationToken)).ToHashSet();
        var entries = await WriteRestAsync(session, writes.Where(w => inserted.Contains(w.After.Id)).ToList(), "create", cancellationToken);
        return writes.Select(w => entries.GetValueOrDefault(w.After.Id)).ToList();
    }

    private static async Task<IReadOnlyList<TimelineEntry?>> UpdateManyAsync(WorkspaceSession session, IReadOnlyList<SourceOrderWrite> writes, CancellationToken cancellationToken)
    {
        var updated = (await session.QueryAsync<Guid>($"""
            update orders o set ({OrderRow.SourceChangeColumns}) = ({OrderRow.Of("r", OrderRow.SourceChangeColumns)})
            {OrderRow.FromRows}
            where o.workspace_id = @workspace and o.id = r.id and o.version = (e.j ->> 'previous_version')::int
            returning o.id
            """, new { workspace = session.Workspace.Value, rows = Rows(writes) }, cancellationToken)).ToHashSet();
        var applied = writes.Where(w => updated.Contains(w.After.Id)).ToList();
        IReadOnlyDictionary<Guid, TimelineEntry> entries = new Dictionary<Guid, TimelineEntry>();
        if (applied.Count > 0)
        {
            await session.ExecuteAsync("delete from order_items where workspace_id = @workspace and order_id = any(@ids)",
                new { workspace = session.Workspace.Value, ids = applied.Select(w => w.After.Id).ToArray() }, cancellationToken);
            entries = await WriteRestAsync(session, applied, "update", cancellationToken);
        }

        return writes.Select(w => entries.GetValueOrDefault(w.After.Id)).ToList();
    }

    /// <summary>Items, links, timeline entries, audit and outbox rows of written orders; answers the timeline entries by order id.</summary>
    private static async Task<IReadOnlyDictionary<Guid, TimelineEntry>> WriteRestAsync(WorkspaceSession session, IReadOnlyList<SourceOrderWrite> writes, string action, CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            return new Dictionary<Guid, TimelineEntry>();
        }

        await OrderStore.WriteItemsAsync(session, writes.Select(w => w.After), cancellationToken);
        await CommerceLinks.SetManyAsync(session,
            writes.Select(w => new LinkWrite(w.Key.ShopId, "order", w.Key.ExternalId, w.After.Id, w.Key.SourceUpdatedAt, w.Key.Money)).ToList(), cancellationToken);
        var entries = await TimelineQueries.AppendManyAsync(session,
            writes.Select(w => new TimelineWrite(w.After.CustomerId, w.TimelineKind, w.After.Id, w.TimelineData, w.Before is null ? w.After.CreatedAt : w.After.UpdatedAt)).ToList(),
            cancellationToken);
        await ChangeJournal.AppendManyAsync(session,
            writes.Select(w => new JournalEntry(w.Context, "order", w.After.Id, action, w.Before is null ? null : Order.From(w.Before), Order.From(w.After),
                w.Before is null ? "order.created" : w.TimelineKind, Order.From(w.After))).ToList(), cancellationToken);
        return entries;
    }

    private static string Rows(IReadOnlyList<SourceOrderWrite> writes) => OrderRow.Rows(writes.Select(w => (w.After, w.Before?.Version ?? 0)));

    public async ValueTask DisposeAsync()
    {
        await inserts.DisposeAsync();
        await updates.DisposeAsync();
    }

    /// <summary>One order grain's write: a new order (no <see cref="Before"/>) or the shop's newer state of one.</summary>
    private sealed record SourceOrderWrite(OrderSnapshot? Before, OrderSnapshot After, SourceOrderKey Key, ChangeContext Context, string TimelineKind, object TimelineData);
}
