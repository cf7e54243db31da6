namespace SimpleCrm.Api.Email;

/// <summary>
/// Crm:Mail. Provider (smtp, sendgrid or pickup; Crm:Email:Provider is read too) chooses the sender of customer
/// and account mail. Without it: with Smtp:Host set, mail goes out over SMTP (MailKit); without that the CRM
/// runs in local mode and writes each message into the pickup directory (CRM_MAIL_PICKUP_DIR or
/// Crm:Mail:PickupDirectory), where a local installation reads it; with neither, messages stay in the CRM's own
/// record only.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Crm:Mail";

    /// <summary>smtp, sendgrid or pickup; empty chooses by Smtp:Host as described above.</summary>
    public string? Provider { get; set; }

    public string From { get; set; } = "SimpleCrm <no-reply@simplecrm.local>";

    /// <summary>The domain part of generated Message-IDs.</summary>
    public string MessageIdDomain { get; set; } = "simplecrm.local";

    public SmtpSettings Smtp { get; set; } = new();

    public string? PickupDirectory { get; set; }

    public SendGridSettings SendGrid { get; set; } = new();

    /// <summary>How often the dispatcher looks for due mail.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>At most this many messages a second to the provider (the provider's own throttle, kept below it), unless the provider's section sets its own.</summary>
    public double MaxPerSecond { get; set; } = 20;

    /// <summary>
    /// Messages a node sends at once, each over its own SMTP connection; the provider's rate still paces them. Unset,
    /// it follows the rate (see <see cref="ParallelismFor"/>).
    /// </summary>
    public int? DispatchParallelism { get; set; }

    /// <summary>Recipients a bulk send renders and queues per transaction (a checkpoint: a restart redoes at most one batch).</summary>
    public int BulkBatchSize { get; set; } = 2000;

    /// <summary>The throttle of the provider in use: its own MaxPerSecond, else the general one.</summary>
    public double RateFor(string provider) => provider switch
    {
        EmailProviders.Smtp => Smtp.MaxPerSecond,
        EmailProviders.SendGrid => SendGrid.MaxPerSecond,
        _ => null,
    } ?? MaxPerSecond;

    /// <summary>
    /// Sends at once for the provider: the configured number, else one per 10 messages a second of its rate (at least
    /// 8, at most 64). A send is several round trips to the provider, tens of milliseconds on a busy machine, so eight
    /// at once held a 500/s provider to about 150/s.
    /// </summary>
    public int ParallelismFor(string provider) =>
        Math.Max(1, DispatchParallelism ?? Math.Clamp((int)Math.Ceiling(RateFor(provider) / 10), 8, 64));

    public sealed class SendGridSettings
    {
        /// <summary>The Event Webhook's verification key as SendGrid shows it (base64 DER); without it every event is refused.</summary>
        public string? EventPublicKey { get; set; }

        /// <summary>The API key mail is sent with (Mail Send permission); a secret: configuration only, never logged.</summary>
        public string? ApiKey { get; set; }

        /// <summary>The v3 API's base address; another one only for a proxy or a test double.</summary>
        public string BaseUrl { get; set; } = "https://api.sendgrid.com";

        public double? MaxPerSecond { get; set; }
    }

    public sealed class SmtpSettings
    {
        public string? Host { get; set; }
        public int Port { get; set; } = 587;

        /// <summary>STARTTLS when the server offers it (Auto), or none for a local relay.</summary>
        public bool UseTls { get; set; } = true;

        public string? Username { get; set; }
        public string? Password { get; set; }

        public double? MaxPerSecond { get; set; }
    }
}

public static class EmailProviders
{
    public const string Smtp = "smtp";
    public const string SendGrid = "sendgrid";
    public const string Pickup = "pickup";
    public static readonly IReadOnlyList<string> All = [Smtp, SendGrid, Pickup];
}
