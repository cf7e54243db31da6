using System.Globalization;
using SimpleCrm.Contracts.Analytics;
using SimpleCrm.Contracts.Orders;
using SimpleCrm.Domain.Orders;

namespace SimpleCrm.Grains.Analytics;

/// <summary>What an order adds to the live revenue at its current version.</summary>
public static class RevenueContribution
{
    public static RevenueFact Of(OrderSnapshot order) => new(
        order.Id,
        order.Version,
        Day(order.OrderedAt),
        order.Shipping.Country ?? "",
        order.Currency,
        OrderLifecycle.CountsAsRevenue(order.Status),
        order.TotalAmount - order.RefundedAmount,
        order.TotalAmountUsd is { } usd ? usd - order.RefundedAmountUsd : 0,
        order.UsdPending);

    public static string Day(DateTimeOffset orderedAt) => orderedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
