namespace SimpleCrm.Contracts.Access;

/// <summary>The answer to one request against a caller's hourly budget.</summary>
[GenerateSerializer, Immutable, Alias("crm.RateDecision")]
public sealed record RateDecision(
    [property: Id(0)] bool Allowed,
    [property: Id(1)] int Limit,
    [property: Id(2)] int Remaining,
    [property: Id(3)] DateTimeOffset ResetsAt);

/// <summary>A slice of a caller's budget handed to one API node: up to <c>Granted</c> requests it may let through on its own.</summary>
[GenerateSerializer, Immutable, Alias("crm.RateLease")]
public sealed record RateLease(
    [property: Id(0)] int Granted,
    [property: Id(1)] int Limit,
    [property: Id(2)] int Remaining,
    [property: Id(3)] DateTimeOffset ResetsAt);

/// <summary>
/// One caller's request budget (keyed "user:&lt;id&gt;", "api_key:&lt;id&gt;" or "ip:&lt;address&gt;"). One
/// activation in the whole cluster, so every API node counts against the same budget.
/// </summary>
[Alias("crm.IRateLimitGrain")]
public interface IRateLimitGrain : IGrainWithStringKey
{
    [Alias("Hit")]
    Task<RateDecision> HitAsync(int limit, TimeSpan window);

    /// <summary>Takes up to <paramref name="slice"/> requests of the window's budget at once; Remaining is what is left after them.</summary>
    [Alias("Lease")]
    Task<RateLease> LeaseAsync(int limit, TimeSpan window, int slice);
}
