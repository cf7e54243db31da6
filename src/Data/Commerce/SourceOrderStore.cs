using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Orders;
using SimpleCrm.Data.Changes;
using SimpleCrm.Data.Orders;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Domain.Orders;

namespace SimpleCrm.Data.Commerce;

/// <summary>Which shop order a local order is, and the source's updated_at it holds.</summary>
public sealed record SourceOrderKey(Guid ShopId, string ExternalId, DateTimeOffset? SourceUpdatedAt, SourceMoney Money);

/// <summary>
/// Writes of orders that come from a shop; only the order's grain calls these. Like <see cref="OrderStore"/>, each
/// write commits the row, its items, the customer's timeline entry, the audit and outbox rows — and here also the
/// order's link to the shop with the source time it reflects — in one transaction.
/// </summary>
public sealed class SourceOrderStore(CrmDatabase database)
{
    public async Task<DateTimeOffset?> SourceUpdatedAtAsync(WorkspaceId workspace, Guid orderId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await session.QuerySingleOrDefaultAsync<DateTimeOffset?>(
            "select max(source_updated_at) from commerce_links where workspace_id = @workspace and kind = 'order' and local_id = @orderId",
            new { workspace = workspace.Value, orderId }, cancellationToken);
    }

    public async Task InsertAsync(OrderSnapshot order, SourceOrderKey key, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(order.Workspace, cancellationToken);
        await session.ExecuteAsync($"""
            insert into orders ({OrderRow.WritableColumns}, customer_id, order_number, currency, subtotal_amount, tax_amount, shipping_amount,
                discount_amount, total_amount, source, ordered_at, created_at)
            values ({OrderRow.WritableValues}, @CustomerId, @OrderNumber, @Currency, @SubtotalAmount, @TaxAmount, @ShippingAmount,
                @DiscountAmount, @TotalAmount, @Source, @OrderedAt, @CreatedAt)
            """, OrderRow.Parameters(order), cancellationToken);
        await OrderStore.WriteItemsAsync(session, order, cancellationToken);
        await CommerceLinks.SetAsync(session, key.ShopId, "order", key.ExternalId, order.Id, key.SourceUpdatedAt, key.Money, cancellationToken);
        await TimelineJournal.AppendAsync(session, order.CustomerId, "order.created", order.Id,
            new { order.OrderNumber, order.Status, order.TotalAmount, order.Currency }, order.CreatedAt, cancellationToken);
        await ChangeJournal.AppendAsync(session, context, "order", order.Id, "create", null, Order.From(order), "order.created", Order.From(order), cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    /// <summary>The shop's newer state of the order: amounts as the shop gives them, items replaced.</summary>
    /// <returns>false when the stored version is not <paramref name="before"/>'s.</returns>
    public async Task<bool> UpdateAsync(OrderSnapshot before, OrderSnapshot after, SourceOrderKey key, ChangeContext context, string timelineKind, object timelineData,
        CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(after.Workspace, cancellationToken);
        var updated = await session.ExecuteAsync($"""
            update orders set ({OrderRow.WritableColumns}, currency, subtotal_amount, tax_amount, shipping_amount, discount_amount, total_amount, ordered_at)
                = ({OrderRow.WritableValues}, @Currency, @SubtotalAmount, @TaxAmount, @ShippingAmount, @DiscountAmount, @TotalAmount, @OrderedAt)
            where workspace_id = @Workspace and id = @Id and version = @PreviousVersion
            """, OrderRow.Parameters(after, before.Version), cancellationToken);
        if (updated != 1)
        {
            return false;
        }

        await session.ExecuteAsync("delete from order_items where workspace_id = @workspace and order_id = @id",
            new { workspace = after.Workspace.Value, id = after.Id }, cancellationToken);
        await OrderStore.WriteItemsAsync(session, after, cancellationToken);
        await CommerceLinks.SetAsync(session, key.ShopId, "order", key.ExternalId, after.Id, key.SourceUpdatedAt, key.Money, cancellationToken);
        await TimelineJournal.AppendAsync(session, after.CustomerId, timelineKind, after.Id, timelineData, after.UpdatedAt, cancellationToken);
        await ChangeJournal.AppendAsync(session, context, "order", after.Id, "update", Order.From(before), Order.From(after), timelineKind, Order.From(after), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return true;
    }
}
