using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace SimpleCrm.Api.Email;

/// <summary>
/// Hands a finished message to the configured provider; throws when the provider did not take it:
/// <see cref="MailRefusedException"/> when it never will (retrying cannot help), anything else when it may later.
/// </summary>
public interface IMailTransport
{
    string Name { get; }

    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>SMTP through MailKit: one connection per message, which a provider outage cannot leave half-open.</summary>
public sealed class SmtpTransport(IOptions<EmailOptions> options) : IMailTransport
{
    public string Name => EmailProviders.Smtp;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync(smtp.Host ?? "localhost", smtp.Port, smtp.UseTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}

/// <summary>Local mode: each message becomes an .eml file in the pickup directory (or is only kept in the CRM's record when none is set).</summary>
public sealed class PickupTransport(IOptions<EmailOptions> options, IConfiguration configuration) : IMailTransport
{
    private readonly string? directory = configuration["CRM_MAIL_PICKUP_DIR"] ?? options.Value.PickupDirectory;

    public string Name => EmailProviders.Pickup;

    /// <summary>The pickup folder, or null when local mode keeps messages in the CRM's record only.</summary>
    public string? Directory => string.IsNullOrWhiteSpace(directory) ? null : directory;

    /// <summary>The .eml file name of a message: its Message-ID without characters a file name cannot hold.</summary>
    public static string FileName(string messageId) => string.Concat(messageId.Split(Path.GetInvalidFileNameChars())) + ".eml";

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            return;
        }

        System.IO.Directory.CreateDirectory(directory);
        // One file per Message-ID, written under a temporary name and renamed: a retry replaces, never doubles.
        var name = FileName(message.MessageId ?? Guid.NewGuid().ToString("N"));
        var temporary = Path.Combine(directory, name + ".tmp");
        await message.WriteToAsync(temporary, cancellationToken);
        File.Move(temporary, Path.Combine(directory, name), overwrite: true);
    }
}

/// <summary>The provider refused the message for good (e.g. SendGrid's 400 for a malformed address): the attempt fails and is not retried.</summary>
public sealed class MailRefusedException(string reason) : Exception(reason);
