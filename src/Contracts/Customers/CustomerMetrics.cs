namespace SimpleCrm.Contracts.Customers;

/// <summary>
/// Purchase metrics the customer's grain keeps exact as orders arrive, in the customer's currency and in USD.
/// Cancelled and refunded amounts are excluded; AOV = LTV / counted orders. Orders whose USD value is pending (no
/// exchange rate for their currency yet) are left out of every figure and counted in <see cref="PendingUsdOrders"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("crm.CustomerMetrics")]
public sealed record CustomerMetrics(
    [property: Id(0)] decimal LifetimeValue,
    [property: Id(1)] int TotalOrders,
    [property: Id(2)] decimal AverageOrderValue,
    [property: Id(3)] DateTimeOffset? FirstOrderDate,
    [property: Id(4)] DateTimeOffset? LastOrderDate,
    [property: Id(5)] decimal LifetimeValueUsd,
    [property: Id(6)] decimal AverageOrderValueUsd,
    [property: Id(7)] int PendingUsdOrders = 0)
{
    public static readonly CustomerMetrics None = new(0m, 0, 0m, null, null, 0m, 0m);
}
