using Orleans.Concurrency;

namespace SimpleCrm.Contracts.Analytics;

/// <summary>
/// Revenue of one UTC day, shipping country ("" when the order names none) and currency: orders neither cancelled
/// nor refunded, net of refunds; USD without the orders whose USD value is pending.
/// </summary>
[GenerateSerializer, Immutable, Alias("crm.RevenueCell")]
public sealed record RevenueCell(
    [property: Id(0)] string Day,
    [property: Id(1)] string CountryCode,
    [property: Id(2)] string Currency,
    [property: Id(3)] int Orders,
    [property: Id(4)] decimal Revenue,
    [property: Id(5)] decimal RevenueUsd,
    [property: Id(6)] int UsdPendingOrders)
{
    public (string Day, string CountryCode, string Currency) Key => (Day, CountryCode, Currency);

    public bool IsEmpty => Orders == 0 && Revenue == 0 && RevenueUsd == 0 && UsdPendingOrders == 0;

    public RevenueCell Plus(RevenueCell other) => this with
    {
        Orders = Orders + other.Orders,
        Revenue = Revenue + other.Revenue,
        RevenueUsd = RevenueUsd + other.RevenueUsd,
        UsdPendingOrders = UsdPendingOrders + other.UsdPendingOrders,
    };

    public RevenueCell Negated() => this with { Orders = -Orders, Revenue = -Revenue, RevenueUsd = -RevenueUsd, UsdPendingOrders = -UsdPendingOrders };
}

/// <summary>
/// An order's place in the live revenue at one version: its UTC day, country, currency and net amounts, or nothing
/// (<see cref="Counts"/> false) once cancelled or refunded. Day grains keep the latest version per order, so repeats,
/// reordering and an order both recomputed and reported are harmless.
/// </summary>
[GenerateSerializer, Immutable, Alias("crm.RevenueFact")]
public sealed record RevenueFact(
    [property: Id(0)] Guid OrderId,
    [property: Id(1)] int Version,
    [property: Id(2)] string Day,
    [property: Id(3)] string CountryCode,
    [property: Id(4)] string Currency,
    [property: Id(5)] bool Counts,
    [property: Id(6)] decimal Revenue,
    [property: Id(7)] decimal RevenueUsd,
    [property: Id(8)] bool UsdPending)
{
    /// <summary>What the order adds to its cell; null when it adds nothing.</summary>
    public RevenueCell? Cell => Counts ? new RevenueCell(Day, CountryCode, Currency, 1, Revenue, RevenueUsd, UsdPending ? 1 : 0) : null;
}

/// <summary>A day's figures after a change, pushed to the workspace's dashboards.</summary>
[GenerateSerializer, Immutable, Alias("crm.RevenueChanged")]
public sealed record RevenueChanged([property: Id(0)] Guid Workspace, [property: Id(1)] string Day, [property: Id(2)] IReadOnlyList<RevenueCell> Cells);

/// <summary>
/// One per silo and workspace (a stateless worker): gathers the facts orders report on this silo and hands them on to
/// the day grains a few times a second, so a busy workspace makes one call per day per silo per flush rather than
/// one per order.
/// </summary>
[Alias("crm.IRevenueAccumulatorGrain")]
public interface IRevenueAccumulatorGrain : IGrainWithGuidKey
{
    [OneWay]
    [Alias("Add")]
    Task AddAsync(RevenueFact fact);
}

/// <summary>A workspace's revenue of one UTC day (key: workspace id + "yyyy-MM-dd"): held live, persisted, pushed.</summary>
[Alias("crm.IRevenueDayGrain")]
public interface IRevenueDayGrain : IGrainWithGuidCompoundKey
{
    [Alias("Apply")]
    Task ApplyAsync(IReadOnlyList<RevenueFact> facts);

    [Alias("Get")]
    Task<IReadOnlyList<RevenueCell>> GetAsync();
}

public static class AnalyticsStreams
{
    /// <summary>Stream namespace of <see cref="RevenueChanged"/>, keyed by workspace.</summary>
    public const string Revenue = "revenue-changes";
}
