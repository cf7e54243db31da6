using SimpleCrm.Domain.Common;
using Microsoft.Extensions.Logging;
using SimpleCrm.Data.Orders;
using SimpleCrm.Domain.Money;
using SimpleCrm.Domain.Orders;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Grains.Common;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Grains.Customers;
using SimpleCrm.Contracts.Orders;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Contracts.Analytics;
using SimpleCrm.Grains.Analytics;
using SimpleCrm.Contracts.Activities;

namespace SimpleCrm.Grains.Orders;

/// <summary>
/// Holds one order live and is the only code that changes it. After each committed change it tells the
/// customer's grain, which keeps the customer's metrics exact.
/// </summary>
public sealed partial class OrderGrain(OrderStore store, CurrencyConverter fx, ILogger<OrderGrain> logger) : Grain, IOrderGrain
{
    private WorkspaceId workspace;
    private Guid id;
    private OrderSnapshot? current;

    /// <summary>
    /// Whether <see cref="current"/> holds what is stored. The row is read on the first call rather than on activation,
    /// so a shop's new order (<see cref="ApplySourceCreateAsync"/>) is inserted without reading first that it is absent.
    /// </summary>
    private bool loaded;

    public async Task ReloadAsync()
    {
        current = await store.LoadAsync(workspace, id);
        loaded = true;
    }

    private async Task LoadOnceAsync()
    {
        if (!loaded)
        {
            await ReloadAsync();
        }
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        id = this.GetPrimaryKey(out var extension);
        workspace = WorkspaceId.Parse(extension ?? throw new InvalidOperationException("An order grain key must carry its workspace."));
        return Task.CompletedTask;
    }

    public async Task<OrderSnapshot?> GetAsync()
    {
        await LoadOnceAsync();
        return current;
    }

    public async Task<CommandResult<OrderSnapshot>> CreateAsync(OrderDraft input, ChangeContext context)
    {
        await LoadOnceAsync();
        if (current is not null)
        {
            return CommandResult<OrderSnapshot>.Conflict("id", $"Order {id} already exists.");
        }

        var (draft, errors) = OrderRules.Prepare(input);
        if (errors.Count > 0)
        {
            return CommandResult<OrderSnapshot>.Invalid(errors);
        }

        if (await GrainFactory.GetCustomer(workspace, draft.CustomerId).GetAsync() is null)
        {
            return CommandResult<OrderSnapshot>.Invalid(new Dictionary<string, string[]> { ["customer_id"] = [$"No customer {draft.CustomerId} in this workspace."] });
        }

        var now = DatabaseClock.Now();
        var orderedAt = draft.OrderedAt?.ToUniversalTime() ?? now;
        var total = OrderMath.Total(draft);
        // No rate for the currency (a known ISO code the rate table lacks): the order is kept, its USD value pending
        // until a rate arrives and it is restated. Refusing it would lose a real sale.
        var usd = await fx.ToUsdAsync(total, draft.Currency, DateOnly.FromDateTime(orderedAt.UtcDateTime));
        if (usd?.AmountUsd > InputBounds.MaxOrderTotalUsd)
        {
            return CommandResult<OrderSnapshot>.Invalid(new Dictionary<string, string[]> { ["items"] = [$"The order's total is worth {usd.AmountUsd:N0} USD; at most {InputBounds.MaxOrderTotalUsd:N0} USD is accepted."] });
        }

        var order = new OrderSnapshot
        {
            Id = id,
            Workspace = workspace,
            CustomerId = draft.CustomerId,
            OrderNumber = draft.OrderNumber,
            Status = draft.Status,
            PaymentStatus = draft.PaymentStatus,
            Currency = draft.Currency,
            SubtotalAmount = OrderMath.Subtotal(draft),
            TaxAmount = draft.TaxAmount,
            ShippingAmount = draft.ShippingAmount,
            DiscountAmount = draft.DiscountAmount,
            DutiesAmount = draft.DutiesAmount,
            TipAmount = draft.TipAmount,
            TotalAmount = total,
            TotalsFromSource = draft.TotalsFromSource,
            RefundedAmount = 0,
            TotalAmountUsd = usd?.AmountUsd,
            RefundedAmountUsd = 0,
            FxRateDate = usd?.RateDate,
            Shipping = draft.Shipping,
            Source = draft.Source,
            Notes = draft.Notes,
            Items = draft.Items.Select(i => new OrderItem(Guid.CreateVersion7(), i.ProductId, i.ProductName, i.Sku, i.Quantity, i.UnitPrice, OrderMath.ItemTotal(i, draft.Currency, draft.TotalsFromSource))).ToList(),
            Refunds = [],
            OrderedAt = orderedAt,
            ShippedAt = draft.ShippedAt?.ToUniversalTime() ?? (draft.Status is OrderStatus.Shipped or OrderStatus.Delivered ? orderedAt : null),
            DeliveredAt = draft.DeliveredAt?.ToUniversalTime() ?? (draft.Status is OrderStatus.Delivered ? orderedAt : null),
            CancelledAt = draft.Status is OrderStatus.Cancelled ? orderedAt : null,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };

        try
        {
            await store.InsertAsync(order, context);
        }
        catch (Exception e) when (OrderStore.IsDuplicateOrderNumber(e))
        {
            return CommandResult<OrderSnapshot>.Conflict("order_number", $"Another order in this workspace already has the number '{draft.OrderNumber}'.", FieldCodes.AlreadyExists);
        }
        catch (Exception e) when (OrderStore.IsUnknownCustomer(e))
        {
            return CommandResult<OrderSnapshot>.Invalid(new Dictionary<string, string[]> { ["customer_id"] = [$"No customer {draft.CustomerId} in this workspace."] });
        }

        return await CommittedAsync(order);
    }

    public async Task<CommandResult<OrderSnapshot>> UpdateAsync(OrderChanges changes, ChangeContext context)
    {
        await LoadOnceAsync();
        if (current is null)
        {
            return NotFound();
        }

        var shipping = current.Shipping;
        if (changes.Shipping is not null)
        {
            var (prepared, errors) = OrderRules.Prepare(changes.Shipping);
            if (errors.Count > 0)
            {
                return CommandResult<OrderSnapshot>.Invalid(errors);
            }

            shipping = prepared;
        }

        if (changes.PaymentStatus is PaymentStatus.Refunded or PaymentStatus.PartiallyRefunded)
        {
            return CommandResult<OrderSnapshot>.Invalid(new Dictionary<string, string[]> { ["payment_status"] = ["Refunds are recorded with POST /orders/{id}/refunds."] });
        }

        if (changes.Notes is { Length: > 5000 })
        {
            return CommandResult<OrderSnapshot>.Invalid(new Dictionary<string, string[]> { ["notes"] = ["At most 5000 characters."] });
        }

        var after = current with
        {
            Shipping = shipping,
            PaymentStatus = changes.PaymentStatus ?? current.PaymentStatus,
            Notes = changes.Notes ?? current.Notes,
        };

        // A status in an update moves through the same lifecycle as the status command; its own status is no move.
        if (changes.Status is { } status && status != current.Status)
        {
            if (!OrderLifecycle.CanMove(current.Status, status))
            {
                return IllegalTransition(current.Status, status);
            }

            return await SaveAsync(WithStatus(after, status, DatabaseClock.Now()), context, "order.status_changed", "order.status_changed",
                new { current.OrderNumber, from = current.Status, to = status });
        }

        return await SaveAsync(after, context, "order.updated", "order.updated", new { current.OrderNumber });
    }

    public async Task<CommandResult<OrderSnapshot>> ChangeStatusAsync(OrderStatus status, ChangeContext context)
    {
        await LoadOnceAsync();
        if (current is null)
        {
            return NotFound();
        }

        if (!OrderLifecycle.CanMove(current.Status, status))
        {
            return IllegalTransition(current.Status, status);
        }

        var after = WithStatus(current, status, DatabaseClock.Now());
        return await SaveAsync(after, context, "order.status_changed", "order.status_changed", new { current.OrderNumber, from = current.Status, to = status });
    }

    public async Task<CommandResult<OrderSnapshot>> RefundAsync(RefundRequest refund, ChangeContext context)
    {
        await LoadOnceAsync();
        if (current is null)
        {
            return NotFound();
        }

        if (current.Status is OrderStatus.Pending or OrderStatus.Cancelled or OrderStatus.Refunded)
        {
            return CommandResult<OrderSnapshot>.Conflict("status", $"A {current.Status.ToString().ToLowerInvariant()} order cannot be refunded.");
        }

        var errors = new Dictionary<string, string[]>();
        var remaining = current.TotalAmount - current.RefundedAmount;
        if (refund.Amount <= 0)
        {
            errors["amount"] = ["Must be greater than zero."];
        }
        else if (!MoneyRounding.HasValidScale(refund.Amount, current.Currency))
        {
            errors["amount"] = [$"{current.Currency} allows {Domain.Reference.Currencies.MinorUnits(current.Currency)} decimal places."];
        }
        else if (refund.Amount > remaining)
        {
            errors["amount"] = [$"At most {remaining} {current.Currency} is left to refund."];
        }

        if (refund.Reason is { Length: > 500 })
        {
            errors["reason"] = ["At most 500 characters."];
        }

        if (errors.Count > 0)
        {
            return CommandResult<OrderSnapshot>.Invalid(errors);
        }

        var after = WithRefund(current, refund.Amount, refund.Reason, refund.IsReturn, DatabaseClock.Now());
        return await SaveAsync(after, context, "order.refunded", refund.IsReturn ? "order.returned" : "order.refunded",
            new { current.OrderNumber, refund.Amount, current.Currency, refund.Reason });
    }

    public async Task<CommandResult<OrderSnapshot>> RestateUsdAsync(ChangeContext context)
    {
        await LoadOnceAsync();
        if (current is null)
        {
            return NotFound();
        }

        // At the rates now in the table: a restatement follows rates that may have been written by hand.
        var usd = await fx.ToUsdAsync(current.TotalAmount, current.Currency, DateOnly.FromDateTime(current.OrderedAt.UtcDateTime), fresh: true);
        if (usd is null || (usd.AmountUsd == current.TotalAmountUsd && usd.RateDate == current.FxRateDate))
        {
            return CommandResult<OrderSnapshot>.Ok(current);
        }

        var fullyRefunded = current.RefundedAmount >= current.TotalAmount;
        OrderSnapshot after;
        if (current.TotalAmountUsd is not { } previousUsd)
        {
            // The first USD value of a pending order: its refunds had none, so convert them at the order's new rate.
            var refunds = current.Refunds
                .Select(r => r with { AmountUsd = MoneyRounding.Round(current.TotalAmount == 0 ? 0 : r.Amount * usd.AmountUsd / current.TotalAmount, "USD") })
                .ToList();
            after = current with
            {
                TotalAmountUsd = usd.AmountUsd,
                FxRateDate = usd.RateDate,
                RefundedAmountUsd = fullyRefunded ? usd.AmountUsd : refunds.Sum(r => r.AmountUsd),
                Refunds = refunds,
            };
        }
        else
        {
            var ratio = previousUsd == 0 ? 0 : usd.AmountUsd / previousUsd;
            after = current with
            {
                TotalAmountUsd = usd.AmountUsd,
                FxRateDate = usd.RateDate,
                RefundedAmountUsd = fullyRefunded ? usd.AmountUsd : MoneyRounding.Round(current.RefundedAmountUsd * ratio, "USD"),
                Refunds = current.Refunds.Select(r => r with { AmountUsd = MoneyRounding.Round(r.AmountUsd * ratio, "USD") }).ToList(),
            };
        }

        return await SaveAsync(after, context, "order.restated", "order.restated",
            new { current.OrderNumber, from_usd = current.TotalAmountUsd, to_usd = usd.AmountUsd, rate_date = usd.RateDate });
    }

    /// <summary>The order moved to <paramref name="status"/>, with the times and payment status that move implies.</summary>
    private static OrderSnapshot WithStatus(OrderSnapshot order, OrderStatus status, DateTimeOffset now)
    {
        var after = order with
        {
            Status = status,
            ShippedAt = status == OrderStatus.Shipped ? now : order.ShippedAt,
            DeliveredAt = status == OrderStatus.Delivered ? now : order.DeliveredAt,
            CancelledAt = status == OrderStatus.Cancelled ? now : order.CancelledAt,
            PaymentStatus = status == OrderStatus.Cancelled && order.PaymentStatus is PaymentStatus.Pending or PaymentStatus.Authorized
                ? PaymentStatus.Voided
                : order.PaymentStatus,
        };

        // Refunding the whole order records a refund of whatever was not refunded yet.
        return status == OrderStatus.Refunded
            ? WithRefund(after, order.TotalAmount - order.RefundedAmount, "Order refunded", isReturn: false, now)
            : after;
    }

    /// <summary>
    /// Refunds convert at the order's own rate, so USD totals and refunds stay in proportion. While the order's USD value
    /// is pending they have none either; restating converts them.
    /// </summary>
    private static OrderSnapshot WithRefund(OrderSnapshot order, decimal amount, string? reason, bool isReturn, DateTimeOffset now)
    {
        var refundedAmount = order.RefundedAmount + amount;
        var fullyRefunded = refundedAmount >= order.TotalAmount;
        var amountUsd = order.TotalAmountUsd is not { } totalUsd ? 0m
            : fullyRefunded ? totalUsd - order.RefundedAmountUsd
            : MoneyRounding.Round(order.TotalAmount == 0 ? 0 : amount * totalUsd / order.TotalAmount, "USD");
        return order with
        {
            RefundedAmount = refundedAmount,
            RefundedAmountUsd = order.RefundedAmountUsd + amountUsd,
            Refunds = [.. order.Refunds, new Refund(Guid.CreateVersion7(), amount, amountUsd, reason, isReturn, now)],
            Status = fullyRefunded ? OrderStatus.Refunded : order.Status,
            PaymentStatus = fullyRefunded ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded,
        };
    }

    private async Task<CommandResult<OrderSnapshot>> SaveAsync(OrderSnapshot after, ChangeContext context, string topic, string timelineKind, object timelineData)
    {
        after = after with { UpdatedAt = DatabaseClock.Now(), Version = current!.Version + 1 };
        if (!await store.UpdateAsync(current, after, context, topic, timelineKind, timelineData))
        {
            current = await store.LoadAsync(workspace, id);
            return CommandResult<OrderSnapshot>.Conflict("version", "The order was changed at the same time. Reload and try again.", FieldCodes.ChangedConcurrently);
        }

        return await CommittedAsync(after);
    }

    private async Task<CommandResult<OrderSnapshot>> CommittedAsync(OrderSnapshot order, TimelineEntry? written = null)
    {
        current = order;
        loaded = true;
        // One-way to this silo's accumulator: the answer does not wait for the dashboards.
        await GrainFactory.GetGrain<IRevenueAccumulatorGrain>(workspace.Value).AddAsync(RevenueContribution.Of(order));

        try
        {
            var customer = GrainFactory.GetCustomer(workspace, order.CustomerId);
            // The change's own timeline entry, when the write returned it, spares the customer's grain reading it back.
            await (written is null ? customer.ApplyOrderAsync(order.ToFact()) : customer.OrderWrittenAsync(order.ToFact(), written));
        }
        catch (Exception e)
        {
            // The order is committed; the customer's grain recomputes its metrics from the orders table when it activates.
            logger.LogWarning(e, "Customer {CustomerId} was not told about order {OrderId}", order.CustomerId, order.Id);
        }

        return CommandResult<OrderSnapshot>.Ok(order);
    }

    private CommandResult<OrderSnapshot> NotFound() => CommandResult<OrderSnapshot>.NotFound($"Order {id} does not exist.");

    private static CommandResult<OrderSnapshot> IllegalTransition(OrderStatus from, OrderStatus to)
    {
        var allowed = OrderLifecycle.AllowedAfter(from);
        var next = allowed.Count == 0 ? "none: it is final" : string.Join(", ", allowed.Select(s => s.ToString().ToLowerInvariant()));
        return CommandResult<OrderSnapshot>.Conflict("status", $"An order cannot go from {from.ToString().ToLowerInvariant()} to {to.ToString().ToLowerInvariant()}; allowed next: {next}.");
    }
}
