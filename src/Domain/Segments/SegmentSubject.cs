using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Domain.Segments;

/// <summary>What the in-memory back end knows of one customer: profile, metrics and (when a rule needs them) what they bought.</summary>
public sealed record SegmentSubject(CustomerProfile Profile, CustomerMetrics Metrics, IReadOnlySet<string> ProductIds, IReadOnlySet<string> Skus)
{
    private static readonly IReadOnlySet<string> Nothing = new HashSet<string>();

    public static SegmentSubject Of(CustomerSnapshot customer) => new(customer.Profile, customer.Metrics, Nothing, Nothing);
}

/// <summary>Time in rules. Both back ends compare against the same instants, cut to PostgreSQL's microseconds.</summary>
public static class SegmentClock
{
    /// <summary>The earliest last order that is still "within <paramref name="days"/> days" at <paramref name="now"/>.</summary>
    public static DateTimeOffset WindowStart(DateTimeOffset now, decimal days) => Microseconds(now - Days(days));

    public static TimeSpan Days(decimal days) => TimeSpan.FromTicks((long)(days * TimeSpan.TicksPerDay));

    public static DateTimeOffset Microseconds(DateTimeOffset instant) => new(instant.UtcTicks - instant.UtcTicks % 10, TimeSpan.Zero);
}
