namespace SimpleCrm.Api.Idempotency;

/// <summary>Crm:Idempotency settings.</summary>
public sealed class IdempotencyOptions
{
    /// <summary>How long a key and its stored answer are kept; a retry after this runs as a new request.</summary>
    public int RetentionHours { get; set; } = 24;

    /// <summary>
    /// How long a claimed key counts as in flight when nothing committed and no answer was stored: retries get
    /// 409 until then; afterwards (its node died before committing) a retry may run it. Above any request's
    /// own time limit, so a live first request is never run twice.
    /// </summary>
    public int InFlightSeconds { get; set; } = 60;

    /// <summary>How often expired keys are removed.</summary>
    public int PurgeIntervalMinutes { get; set; } = 60;

    public TimeSpan Retention => TimeSpan.FromHours(RetentionHours);

    public TimeSpan InFlight => TimeSpan.FromSeconds(InFlightSeconds);
}
