using SimpleCrm.Domain.Money;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Contracts.Orders;

namespace SimpleCrm.Domain.Orders;

/// <summary>
/// Customer metrics from the latest fact of each order. Only revenue-bearing orders count (not cancelled,
/// not refunded); partial refunds reduce an order's contribution. Sums are rounded once, at the end. An order whose
/// USD value is pending is left out of every figure until it is restated, and counted in PendingUsdOrders.
/// </summary>
public static class CustomerMetricsCalculator
{
    /// <param name="inCustomerCurrency">The order's net amount in the customer's currency.</param>
    public static CustomerMetrics Compute(IEnumerable<OrderFact> orders, string customerCurrency, Func<OrderFact, decimal> inCustomerCurrency)
    {
        var revenue = orders.Where(o => OrderLifecycle.CountsAsRevenue(o.Status)).ToList();
        var pending = revenue.Count(o => o.NetAmountUsd is null);
        var counted = revenue.Where(o => o.NetAmountUsd > 0).ToList();
        if (counted.Count == 0)
        {
            return CustomerMetrics.None with { PendingUsdOrders = pending };
        }

        var ltvUsd = MoneyRounding.Round(counted.Sum(o => o.NetAmountUsd!.Value), "USD");
        var ltv = MoneyRounding.Round(counted.Sum(inCustomerCurrency), customerCurrency);
        return new CustomerMetrics(
            LifetimeValue: ltv,
            TotalOrders: counted.Count,
            AverageOrderValue: MoneyRounding.Round(ltv / counted.Count, customerCurrency),
            FirstOrderDate: counted.Min(o => o.OrderedAt),
            LastOrderDate: counted.Max(o => o.OrderedAt),
            LifetimeValueUsd: ltvUsd,
            AverageOrderValueUsd: MoneyRounding.Round(ltvUsd / counted.Count, "USD"),
            PendingUsdOrders: pending);
    }
}
