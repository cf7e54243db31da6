namespace SimpleCrm.Api.Webhooks;

/// <summary>Crm:Webhooks settings. The defaults are for production; tests shorten the delays.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Crm:Webhooks";

    /// <summary>Allows targets on loopback, private, link-local and other internal addresses (a local receiver).</summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>How long one POST may take, connecting included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the dispatcher looks for new outbox rows and due deliveries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>POSTs in flight at once on this node.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>The first retry waits about this long; each further one twice as long, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A delivery is retried until it is this old, then it has failed for good.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A subscription whose every attempt has failed for this long is switched off.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Also switch a subscription off after this many failed attempts in a row; 0 leaves it to <see cref="DisableAfter"/>.</summary>
    public int DisableAfterFailures { get; set; }

    /// <summary>How long the delivery log keeps a finished delivery (succeeded, or failed for good) with its attempts.</summary>
    public TimeSpan KeepDeliveriesFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often a node removes the finished deliveries older than <see cref="KeepDeliveriesFor"/>.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);
}
