namespace SimpleCrm.Api.Email;

/// <summary>
/// Crm:Mail. With Smtp:Host set, mail goes out over SMTP (MailKit); without it the CRM runs in local mode and
/// writes each message into the pickup directory (CRM_MAIL_PICKUP_DIR or Crm:Mail:PickupDirectory), where a
/// local installation reads it; with neither, messages stay in the CRM's own record only.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Crm:Mail";

    public string From { get; set; } = "SimpleCrm <no-reply@simplecrm.local>";

    /// <summary>The domain part of generated Message-IDs.</summary>
    public string MessageIdDomain { get; set; } = "simplecrm.local";

    public SmtpSettings Smtp { get; set; } = new();

    public string? PickupDirectory { get; set; }

    public SendGridSettings SendGrid { get; set; } = new();

    /// <summary>How often the dispatcher looks for due mail.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>At most this many messages a second to the provider (the provider's own throttle, kept below it).</summary>
    public double MaxPerSecond { get; set; } = 20;

    public sealed class SendGridSettings
    {
        /// <summary>The Event Webhook's verification key as SendGrid shows it (base64 DER); without it every event is refused.</summary>
        public string? EventPublicKey { get; set; }
    }

    public sealed class SmtpSettings
    {
        public string? Host { get; set; }
        public int Port { get; set; } = 587;

        /// <summary>STARTTLS when the server offers it (Auto), or none for a local relay.</summary>
        public bool UseTls { get; set; } = true;

        public string? Username { get; set; }
        public string? Password { get; set; }
    }
}
