using SimpleCrm.Contracts.Customers;
using SimpleCrm.Contracts.Orders;
using SimpleCrm.Domain.Orders;
using SimpleCrm.Grains.Common;

namespace SimpleCrm.Grains.Customers;

/// <summary>
/// The customer grain's view of its orders, for the metrics: the latest fact per order (older versions are ignored, so
/// repeated or reordered reports are harmless) and each order's value in the customer's currency, converted once and
/// kept until the order or the customer's currency changes. Owned by one customer grain, so never called concurrently.
/// </summary>
internal sealed class CustomerOrderMetrics(CurrencyConverter currencies)
{
    private readonly Dictionary<Guid, OrderFact> orders = [];
    private readonly Dictionary<Guid, decimal> valueInCustomerCurrency = [];

    /// <summary>How many orders the customer has (any status).</summary>
    public int OrderCount => orders.Count;

    public void Load(IEnumerable<OrderFact> facts)
    {
        foreach (var order in facts)
        {
            orders[order.OrderId] = order;
        }
    }

    /// <returns>false when the fact is not newer than the one held (nothing to recompute).</returns>
    public bool Apply(OrderFact order)
    {
        if (orders.TryGetValue(order.OrderId, out var known) && known.Version >= order.Version)
        {
            return false;
        }

        orders[order.OrderId] = order;
        valueInCustomerCurrency.Remove(order.OrderId);
        return true;
    }

    /// <summary>The customer's currency changed: every converted value is stale.</summary>
    public void CurrencyChanged() => valueInCustomerCurrency.Clear();

    public async Task<CustomerMetrics> ComputeAsync(string customerCurrency)
    {
        // Pending orders are left out of the metrics, so they need no conversion until they are restated.
        foreach (var order in orders.Values.Where(o => o.NetAmountUsd is not null && !valueInCustomerCurrency.ContainsKey(o.OrderId)))
        {
            valueInCustomerCurrency[order.OrderId] = await currencies.FromOrderAsync(order, customerCurrency);
        }

        return CustomerMetricsCalculator.Compute(orders.Values, customerCurrency, o => valueInCustomerCurrency.GetValueOrDefault(o.OrderId));
    }
}
