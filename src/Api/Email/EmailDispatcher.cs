using Microsoft.Extensions.Options;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Email;

namespace SimpleCrm.Api.Email;

/// <summary>
/// Delivers queued customer email through the configured transport, within the provider's throttle, with retries and
/// backoff kept in the row (a provider outage delays mail; it stays queued; a final refusal fails it with the reason). A sent message becomes an outbound
/// email activity on the customer's timeline, under the message's own id, so it appears there once and live.
/// </summary>
public sealed class EmailDispatcher(
    EmailMessageStore store, EmailSuppressionStore suppressions, EmailComposer composer, IMailTransport transport, ProviderThrottle throttle, IGrainFactory grains, IOptions<EmailOptions> options, ILogger<EmailDispatcher> logger)
    : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastSweep = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sweep = DateTimeOffset.UtcNow - lastSweep > SweepInterval;
                // Workspaces take turns of a few messages each, and the list is read again every round, so one shop's
                // big campaign never holds back another shop's password reset or order mail behind the provider's rate.
                var more = true;
                while (more && !stoppingToken.IsCancellationRequested)
                {
                    more = false;
                    foreach (var workspace in await store.WorkspacesToVisitAsync(sweep, stoppingToken))
                    {
                        more |= await DrainTurnAsync(workspace, stoppingToken);
                    }

                    if (sweep)
                    {
                        lastSweep = DateTimeOffset.UtcNow;
                        sweep = false;
                    }
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Email dispatch failed; trying again shortly");
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

    /// <summary>Messages one workspace sends before the next workspace's turn.</summary>
    private const int TurnSize = 20;

    /// <summary>
    /// Delivers up to <see cref="TurnSize"/> due messages of the workspace; true when it may have more. Several
    /// senders work the turn at once (each claims its own message, skipping the others'), so one message's commit and
    /// timeline entry do not wait for the previous one's; the provider throttle still paces the sends.
    /// </summary>
    private async Task<bool> DrainTurnAsync(WorkspaceId workspace, CancellationToken stoppingToken)
    {
        var remaining = TurnSize;
        var exhausted = 0;
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.DispatchParallelism)).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                if (await store.DeliverNextAsync(workspace, row => DeliverAsync(workspace, row, stoppingToken), stoppingToken) is not { } attempt)
                {
                    Interlocked.Exchange(ref exhausted, 1);
                    return;
                }

                if (attempt.Outcome.Sent)
                {
                    await RecordActivityAsync(workspace, attempt.Message);
                }
                else
                {
                    logger.LogWarning("Email {MessageId} to {To} not delivered by {Transport} (attempt {Attempt}): {Error}",
                        attempt.Message.MessageId, attempt.Message.ToAddress, transport.Name, attempt.Message.Attempts + 1, attempt.Outcome.Error);
                }
            }
        }));
        return exhausted == 0;
    }

    private async Task<DeliveryOutcome> DeliverAsync(WorkspaceId workspace, EmailMessageRow row, CancellationToken stoppingToken)
    {
        try
        {
            if (await suppressions.FindAsync(workspace, row.ToAddress, stoppingToken) is { } suppressed)
            {
                return new DeliveryOutcome(false, $"{row.ToAddress} is undeliverable ({suppressed.Reason}); not sent.", GiveUp: true);
            }

            await throttle.WaitAsync(stoppingToken);
            // Not cancelled by shutdown: a send the provider took must also be recorded, or it would go out again.
            await transport.SendAsync(composer.Compose(workspace, row), CancellationToken.None);
            return new DeliveryOutcome(true, null);
        }
        catch (MailRefusedException e)
        {
            return new DeliveryOutcome(false, Shorten(e.Message), GiveUp: true);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(false, Shorten(e.Message));
        }
    }

    private static string Shorten(string error) => error.Length > 500 ? error[..500] : error;

    private async Task RecordActivityAsync(WorkspaceId workspace, EmailMessageRow row)
    {
        var draft = new ActivityDraft
        {
            CustomerId = row.CustomerId,
            Type = ActivityType.Email,
            Direction = ActivityDirection.Outbound,
            Subject = row.Subject.Length > 300 ? row.Subject[..300] : row.Subject,
            Description = row.BodyText.Length > 20_000 ? row.BodyText[..20_000] : row.BodyText,
            EmailMetadata = new EmailMetadata
            {
                From = options.Value.From,
                To = [row.ToAddress],
                MessageId = row.MessageId,
                TemplateId = row.TemplateId,
                Language = row.Language,
                ThreadId = row.ThreadId,
                InReplyTo = row.InReplyTo,
            },
        };
        var result = await grains.GetActivity(workspace, row.Id).CreateAsync(draft, row.CreatedBy, ChangeContext.System("email"));
        if (!result.IsOk)
        {
            logger.LogWarning("Email {MessageId} was sent but its timeline entry was refused: {Message}", row.MessageId, result.Message);
        }
    }
}
