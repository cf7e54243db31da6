using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;
using SimpleCrm.Api.Email;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Mail;

namespace SimpleCrm.Api.Mail;

/// <summary>
/// Delivers queued account mail through the configured provider, within its throttle, with retries and backoff
/// kept in the outbox row; a provider's final refusal ends the attempts with the reason recorded.
/// </summary>
public sealed class AccountMailDispatcher(
    AccountMailStore store, IMailTransport transport, ProviderThrottle throttle, IOptions<EmailOptions> options, ILogger<AccountMailDispatcher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var workspace in await store.WorkspacesToVisitAsync(stoppingToken))
                {
                    await DrainAsync(workspace, stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Account mail dispatch failed; trying again shortly");
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DrainAsync(WorkspaceId workspace, CancellationToken stoppingToken)
    {
        while (await store.DeliverNextAsync(workspace, mail => DeliverAsync(mail, stoppingToken), stoppingToken) is { } attempt)
        {
            if (attempt.Error is not null)
            {
                logger.LogWarning("Account mail {MessageId} to {To} not delivered by {Transport}: {Error}", attempt.Mail.MessageId, attempt.Mail.To, transport.Name, attempt.Error);
            }
        }
    }

    private async Task<(bool Sent, string? Error, bool GiveUp)> DeliverAsync(AccountMailRow mail, CancellationToken stoppingToken)
    {
        await throttle.WaitAsync(stoppingToken);
        try
        {
            // Not cancelled by shutdown: a send the provider took must also be recorded, or it would go out again.
            await transport.SendAsync(Compose(mail), handOver: null, CancellationToken.None);
            return (true, null, false);
        }
        catch (MailRefusedException e)
        {
            return (false, Shorten(e.Message), true);
        }
        catch (Exception e)
        {
            return (false, Shorten(e.Message), false);
        }
    }

    /// <summary>A plain-text message; the body is kept unencoded (8bit) so a link in it stays one line in a pickup file.</summary>
    public MimeMessage Compose(AccountMailRow mail)
    {
        var message = new MimeMessage { Subject = mail.Subject, Date = mail.OccurredAt };
        if (!string.IsNullOrEmpty(mail.MessageId))
        {
            message.MessageId = mail.MessageId;
        }

        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Headers.Add("X-Crm-Purpose", "account");
        message.Body = new TextPart(TextFormat.Plain) { Text = mail.Body, ContentTransferEncoding = ContentEncoding.EightBit };
        return message;
    }

    private static string Shorten(string error) => error.Length > 500 ? error[..500] : error;
}
