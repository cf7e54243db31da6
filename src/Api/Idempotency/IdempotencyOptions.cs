namespace SimpleCrm.Api.Idempotency;

/// <summary>Crm:Idempotency settings.</summary>
public sealed class IdempotencyOptions
{
    /// <summary>How long a key and its stored answer are kept; a retry after this runs as a new request.</summary>
    public int RetentionHours { get; set; } = 24;

    /// <summary>
    /// The lease of a claimed key while nothing committed and no answer was stored: retries get 409 until then. The
    /// node running the request renews it every third of this while the request runs, so only a claim whose node
    /// died lapses; a request that ends without an answer to keep (4xx, 5xx, a failure) frees its key at once.
    /// </summary>
    public int InFlightSeconds { get; set; } = 10;

    /// <summary>How often expired keys are removed.</summary>
    public int PurgeIntervalMinutes { get; set; } = 60;

    public TimeSpan Retention => TimeSpan.FromHours(RetentionHours);

    public TimeSpan InFlight => TimeSpan.FromSeconds(InFlightSeconds);
}
