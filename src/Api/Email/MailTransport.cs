using System.Collections.Concurrent;
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

    /// <param name="handOver">When given, called once the send reaches the point after which the provider may have the
    /// message (see <see cref="MailHandOver"/>); a send that ends without reaching it leaves it uncalled.</param>
    Task SendAsync(MimeMessage message, MailHandOver? handOver, CancellationToken cancellationToken);
}

/// <summary>
/// SMTP through MailKit over a few connections kept open between messages (a connection per message held delivery to
/// a few messages a second): as many as the dispatcher sends at once (Crm:Mail:DispatchParallelism, else one per 10 of
/// the rate). Any failure drops the connection it happened on, so an outage cannot leave one half-open, and a
/// connection idle for a while is checked with NOOP before it carries a message. The hand-over is passed inside the DATA
/// phase, after the message and before the line that ends it, when the body offers the point (<see cref="IHandOverPoint"/>);
/// otherwise after the server accepted the message.
/// </summary>
public sealed class SmtpTransport(IOptions<EmailOptions> options) : IMailTransport, IAsyncDisposable
{
    private static readonly TimeSpan CheckAfterIdle = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim slots = new(options.Value.ParallelismFor(EmailProviders.Smtp));
    private readonly ConcurrentStack<PooledConnection> idle = new();

    public string Name => EmailProviders.Smtp;

    /// <summary>
    /// Extensions under which the client writes the message before DATA (SIZE and CHUNKING measure it first) or without
    /// an end line (BDAT): either would pass the hand-over point before the server is receiving the message.
    /// </summary>
    private const SmtpCapabilities WritesBeforeData = SmtpCapabilities.Size | SmtpCapabilities.Chunking | SmtpCapabilities.BinaryMime;

    public async Task SendAsync(MimeMessage message, MailHandOver? handOver, CancellationToken cancellationToken)
    {
        var point = handOver is null ? null : message.Body as IHandOverPoint;
        await slots.WaitAsync(cancellationToken);
        PooledConnection? connection = null;
        try
        {
            connection = await ConnectionAsync(cancellationToken);
            connection.Client.Capabilities &= ~WritesBeforeData;
            if (point is not null)
            {
                point.HandOver = handOver;
            }

            await connection.Client.SendAsync(message, cancellationToken);
            connection.LastUsed = DateTimeOffset.UtcNow;
            idle.Push(connection);
            connection = null;
        }
        finally
        {
            if (point is not null)
            {
                point.HandOver = null;
            }

            // Any failure drops the connection: mid-DATA, that is what makes the server discard the message.
            connection?.Client.Dispose();
            slots.Release();
        }

        if (handOver is not null && point is null)
        {
            await handOver(CancellationToken.None);
        }
    }

    private sealed class PooledConnection(SmtpClient client)
    {
        public SmtpClient Client { get; } = client;

        public DateTimeOffset LastUsed { get; set; } = DateTimeOffset.UtcNow;
    }

    private async Task<PooledConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        while (idle.TryPop(out var pooled))
        {
            if (!pooled.Client.IsConnected)
            {
                pooled.Client.Dispose();
                continue;
            }

            if (DateTimeOffset.UtcNow - pooled.LastUsed < CheckAfterIdle)
            {
                return pooled;
            }

            try
            {
                await pooled.Client.NoOpAsync(cancellationToken);
                return pooled;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The server closed it while idle (servers do after a minute or so): try the next, or open a new one.
                pooled.Client.Dispose();
            }
        }

        var smtp = options.Value.Smtp;
        var fresh = new SmtpClient { Timeout = 30_000 };
        try
        {
            await fresh.ConnectAsync(smtp.Host ?? "localhost", smtp.Port, smtp.UseTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await fresh.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
            }
        }
        catch
        {
            fresh.Dispose();
            throw;
        }

        return new PooledConnection(fresh);
    }

    public async ValueTask DisposeAsync()
    {
        while (idle.TryPop(out var pooled))
        {
            try
            {
                if (pooled.Client.IsConnected)
                {
                    await pooled.Client.DisconnectAsync(true);
                }
            }
            catch (Exception e) when (e is IOException or MailKit.ProtocolException or MailKit.Net.Smtp.SmtpCommandException)
            {
                // Leaving anyway.
            }
            finally
            {
                pooled.Client.Dispose();
            }
        }
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

    /// <summary>Writes the file, then passes the hand-over: a file written twice under its Message-ID is still one message.</summary>
    public async Task SendAsync(MimeMessage message, MailHandOver? handOver, CancellationToken cancellationToken)
    {
        await WriteAsync(message, cancellationToken);
        if (handOver is not null)
        {
            await handOver(CancellationToken.None);
        }
    }

    private async Task WriteAsync(MimeMessage message, CancellationToken cancellationToken)
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
