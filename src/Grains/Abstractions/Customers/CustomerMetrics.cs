namespace SimpleCrm.Grains.Customers;

/// <summary>Purchase metrics the customer's grain keeps exact as orders arrive.</summary>
[GenerateSerializer, Immutable, Alias("crm.CustomerMetrics")]
public sealed record CustomerMetrics(
    [property: Id(0)] decimal LifetimeValue,
    [property: Id(1)] int TotalOrders,
    [property: Id(2)] decimal AverageOrderValue,
    [property: Id(3)] DateTimeOffset? FirstOrderDate,
    [property: Id(4)] DateTimeOffset? LastOrderDate)
{
    public static readonly CustomerMetrics None = new(0m, 0, 0m, null, null);
}
