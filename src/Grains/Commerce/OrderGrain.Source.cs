using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Commerce;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Orders;
using SimpleCrm.Data.Commerce;
using SimpleCrm.Data.Orders;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Domain.Money;
using SimpleCrm.Domain.Orders;

namespace SimpleCrm.Grains.Orders;

/// <summary>
/// The order grain's part for orders that come from a shop. The shop is the truth for amounts, lines and refunds; the
/// status follows the shop only forward along <see cref="OrderLifecycle"/> (a move the lifecycle has no path for keeps
/// the status). Events older than the shop state held are ignored, so repeats and reordering converge.
/// </summary>
public sealed partial class OrderGrain : ISourceOrderSync
{
    private SourceOrderStore SourceStore => ServiceProvider.GetRequiredService<SourceOrderStore>();

    /// <summary>
    /// The shop time the order's link holds, once read: only this grain writes it, so later events of the same order
    /// are checked for staleness without a round trip. Null until read (or after a conflict, when it is read again).
    /// </summary>
    private DateTimeOffset?[]? heldSourceTime;

    private async Task<DateTimeOffset?> HeldSourceTimeAsync() =>
        (heldSourceTime ??= [await SourceStore.SourceUpdatedAtAsync(workspace, id)])[0];

    /// <summary>As the link's upsert does: the newer of the held and the written time.</summary>
    private void RememberSourceTime(DateTimeOffset? written)
    {
        if (heldSourceTime is [var held])
        {
            heldSourceTime = [held is null || (written is not null && written > held) ? written : held];
        }
    }

    public async Task<CommandResult<SourceApplied>> ApplySourceCreateAsync(SourceOrder source, ChangeContext context)
    {
        if (!loaded && await CreateFromSourceAsync(source, Key(source), context) is { } created)
        {
            return created;
        }

        // Held already, or stored already (the event came again, or its update came first): applied as any other event.
        return await ApplySourceAsync(source, context);
    }

    public async Task<CommandResult<SourceApplied>> ApplySourceAsync(SourceOrder source, ChangeContext context)
    {
        await LoadOnceAsync();
        var key = Key(source);
        if (current is null)
        {
            return await CreateFromSourceAsync(source, key, context)
                ?? CommandResult<SourceApplied>.Conflict("id", "The order was created at the same time; the event will be applied again.");
        }

        var held = await HeldSourceTimeAsync();
        if (held is not null && source.SourceUpdatedAt is { } incoming && incoming <= held)
        {
            return CommandResult<SourceApplied>.Ok(SourceApplied.Stale);
        }

        var before = current;
        var status = before.Status == source.Status || !OrderLifecycle.CanReach(before.Status, source.Status) ? before.Status : source.Status;
        if (status != source.Status)
        {
            logger.LogInformation("Order {OrderId} stays {Status}: the shop says {SourceStatus}, which the lifecycle does not lead to", id, before.Status, source.Status);
        }

        var now = DatabaseClock.Now();
        var after = before with
        {
            Currency = source.Currency,
            SubtotalAmount = source.SubtotalAmount,
            TaxAmount = source.TaxAmount,
            ShippingAmount = source.ShippingAmount,
            DiscountAmount = source.DiscountAmount,
            TotalAmount = source.TotalAmount,
            OrderedAt = source.OrderedAt.ToUniversalTime(),
            Items = Lines(source),
            Shipping = source.Shipping with { Carrier = source.Shipping.Carrier ?? before.Shipping.Carrier, TrackingNumber = source.Shipping.TrackingNumber ?? before.Shipping.TrackingNumber, TrackingUrl = source.Shipping.TrackingUrl ?? before.Shipping.TrackingUrl },
            Notes = source.Notes ?? before.Notes,
            PaymentStatus = source.PaymentStatus,
            Status = status,
            ShippedAt = status is OrderStatus.Shipped or OrderStatus.Delivered ? before.ShippedAt ?? now : before.ShippedAt,
            DeliveredAt = status == OrderStatus.Delivered ? before.DeliveredAt ?? now : before.DeliveredAt,
            CancelledAt = status == OrderStatus.Cancelled ? before.CancelledAt ?? now : before.CancelledAt,
        };
        if (after.TotalAmount != before.TotalAmount || after.Currency != before.Currency || after.OrderedAt != before.OrderedAt)
        {
            var usd = await fx.ToUsdAsync(after.TotalAmount, after.Currency, DateOnly.FromDateTime(after.OrderedAt.UtcDateTime));
            after = after with { TotalAmountUsd = usd?.AmountUsd, FxRateDate = usd?.RateDate };
        }

        after = WithSourceRefunds(after, source.Refunds);
        var kind = after.Status != before.Status ? "order.status_changed" : after.Refunds.Count != before.Refunds.Count ? "order.refunded" : "order.updated";
        return await SaveSourceAsync(before, after, key, context, kind, new { before.OrderNumber, from = before.Status, to = after.Status, source = source.Platform });
    }

    private static SourceOrderKey Key(SourceOrder source) => new(source.ShopId, source.ExternalId, source.SourceUpdatedAt,
        new SourceMoney(source.Currency, source.TotalAmount, source.PresentmentCurrency, source.PresentmentTotal));

    public async Task<CommandResult<SourceApplied>> ApplySourceRefundAsync(SourceRefund refund, ChangeContext context)
    {
        await LoadOnceAsync();
        if (current is null)
        {
            return CommandResult<SourceApplied>.NotFound($"Order {id} has not arrived from the shop yet.");
        }

        var before = current;
        var after = WithSourceRefunds(before, [refund]);
        if (after.Refunds.Count == before.Refunds.Count)
        {
            return CommandResult<SourceApplied>.Ok(SourceApplied.Stale);
        }

        var link = await HeldSourceTimeAsync();
        var key = new SourceOrderKey(Guid.Empty, "", link, new SourceMoney(null, null, null, null));
        return await SaveSourceAsync(before, after, key, context, "order.refunded", new { before.OrderNumber, refund.Amount, before.Currency, refund.Reason });
    }

    /// <returns>Null when the order turned out to be stored already (nothing written; <see cref="current"/> is then not loaded).</returns>
    private async Task<CommandResult<SourceApplied>?> CreateFromSourceAsync(SourceOrder source, SourceOrderKey key, ChangeContext context)
    {
        if (await GrainFactory.GetGrain<SimpleCrm.Contracts.Customers.ICustomerGrain>(source.CustomerId, workspace.ToString()).GetAsync() is null)
        {
            return CommandResult<SourceApplied>.Invalid(new Dictionary<string, string[]> { ["customer_id"] = [$"No customer {source.CustomerId} in this workspace."] });
        }

        var now = DatabaseClock.Now();
        var orderedAt = source.OrderedAt.ToUniversalTime();
        // No rate for the currency (yet): the order is kept with its own amounts and its USD value pending, rather
        // than refused (the shop has taken it); it is restated when a rate arrives.
        var usd = await fx.ToUsdAsync(source.TotalAmount, source.Currency, DateOnly.FromDateTime(orderedAt.UtcDateTime));
        var order = new OrderSnapshot
        {
            Id = id,
            Workspace = workspace,
            CustomerId = source.CustomerId,
            OrderNumber = source.OrderNumber,
            Status = source.Status,
            PaymentStatus = source.PaymentStatus,
            Currency = source.Currency,
            SubtotalAmount = source.SubtotalAmount,
            TaxAmount = source.TaxAmount,
            ShippingAmount = source.ShippingAmount,
            DiscountAmount = source.DiscountAmount,
            TotalAmount = source.TotalAmount,
            RefundedAmount = 0,
            TotalAmountUsd = usd?.AmountUsd,
            RefundedAmountUsd = 0,
            TotalsFromSource = true,
            FxRateDate = usd?.RateDate,
            Shipping = source.Shipping,
            Source = source.Platform,
            Notes = source.Notes,
            Items = Lines(source),
            Refunds = [],
            OrderedAt = orderedAt,
            ShippedAt = source.Status is OrderStatus.Shipped or OrderStatus.Delivered ? orderedAt : null,
            DeliveredAt = source.Status is OrderStatus.Delivered ? orderedAt : null,
            CancelledAt = source.Status is OrderStatus.Cancelled ? orderedAt : null,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        order = WithSourceRefunds(order, source.Refunds) with { Status = source.Status };

        TimelineEntry? written;
        try
        {
            written = await SourceStore.InsertAsync(order, key, context);
        }
        catch (Exception e) when (OrderStore.IsDuplicateOrderNumber(e))
        {
            // Two shops of one workspace both have a "#1001": the second keeps its number with its shop's name.
            order = order with { OrderNumber = $"{source.OrderNumber} ({source.SourceKey})" };
            written = await SourceStore.InsertAsync(order, key, context);
        }

        if (written is null)
        {
            loaded = false;
            return null;
        }

        heldSourceTime = [key.SourceUpdatedAt];
        await CommittedAsync(order, written);
        return CommandResult<SourceApplied>.Ok(SourceApplied.Created);
    }

    private async Task<CommandResult<SourceApplied>> SaveSourceAsync(OrderSnapshot before, OrderSnapshot after, SourceOrderKey key, ChangeContext context, string kind, object data)
    {
        after = after with { UpdatedAt = DatabaseClock.Now(), Version = before.Version + 1 };
        bool saved;
        TimelineEntry? written = null;
        if (key.ShopId == Guid.Empty)
        {
            saved = await store.UpdateAsync(before, after, context, kind, kind, data);
        }
        else
        {
            written = await SourceStore.UpdateAsync(before, after, key, context, kind, data);
            saved = written is not null;
            if (saved)
            {
                RememberSourceTime(key.SourceUpdatedAt);
            }
        }

        if (!saved)
        {
            current = await store.LoadAsync(workspace, id);
            heldSourceTime = null;
            return CommandResult<SourceApplied>.Conflict("version", "The order was changed at the same time; the event will be applied again.");
        }

        await CommittedAsync(after, written);
        return CommandResult<SourceApplied>.Ok(SourceApplied.Updated);
    }

    private static List<OrderItem> Lines(SourceOrder source) =>
        source.Items.Select((i, n) => new OrderItem(
            StableIds.From($"line/{source.ShopId}/{source.ExternalId}/{n}/{i.ProductId}"), i.ProductId, i.ProductName, i.Sku, i.Quantity, i.UnitPrice,
            MoneyRounding.Round(i.UnitPrice * i.Quantity, source.Currency))).ToList();

    /// <summary>Adds the shop's refunds not held yet (by id); refunds convert at the order's own rate, as people's refunds do.</summary>
    private static OrderSnapshot WithSourceRefunds(OrderSnapshot order, IReadOnlyList<SourceRefund> refunds)
    {
        var known = order.Refunds.Select(r => r.Id).ToHashSet();
        var result = order;
        foreach (var refund in refunds)
        {
            var refundId = StableIds.From($"refund/{order.Id}/{refund.ExternalId}");
            var remaining = result.TotalAmount - result.RefundedAmount;
            if (!known.Add(refundId) || refund.Amount <= 0 || remaining <= 0)
            {
                continue;
            }

            var amount = Math.Min(refund.Amount, remaining);
            var fully = result.RefundedAmount + amount >= result.TotalAmount;
            var amountUsd = result.TotalAmountUsd is not { } totalUsd ? 0m
                : fully ? totalUsd - result.RefundedAmountUsd
                : MoneyRounding.Round(result.TotalAmount == 0 ? 0 : amount * totalUsd / result.TotalAmount, "USD");
            result = result with
            {
                RefundedAmount = result.RefundedAmount + amount,
                RefundedAmountUsd = result.RefundedAmountUsd + amountUsd,
                Refunds = [.. result.Refunds, new Refund(refundId, amount, amountUsd, refund.Reason, false, refund.CreatedAt.ToUniversalTime())],
                PaymentStatus = fully ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded,
                Status = fully && OrderLifecycle.CanReach(result.Status, OrderStatus.Refunded) ? OrderStatus.Refunded : result.Status,
            };
        }

        return result;
    }
}
