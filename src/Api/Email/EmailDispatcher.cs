using Microsoft.Extensions.Options;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Common;
using Npgsql;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Data.Email;
using SimpleCrm.Domain.Activities;

namespace SimpleCrm.Api.Email;

/// <summary>
/// Delivers queued customer email through the configured transport, within the provider's throttle, with retries and
/// backoff kept in the row (a provider outage delays mail; it stays queued; a final refusal fails it with the reason). A sent message becomes an outbound
/// email activity on the customer's timeline, under the message's own id, written with the record of the send, so it appears there once and live.
/// Every send is marked handed over at the last moment before the provider can accept it (<see cref="MailHandOver"/>), so
/// a node that dies mid-send leaves each message either unsent (sent again later) or marked (recorded as sent, not
/// repeated): exactly once across crashes, which recording only after the provider's answer cannot give.
/// </summary>
public sealed class EmailDispatcher(
    EmailMessageStore store, EmailSuppressionStore suppressions, EmailComposer composer, IMailTransport transport, ProviderThrottle throttle, IGrainFactory grains,
    IOptions<EmailOptions> options, ILogger<EmailDispatcher> logger)
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
                break;
            }
        }

        await RecordsCommittedAsync();
    }

    /// <summary>Waits (a while at most) for the records of the sends made, so a stopping node leaves no sent mail off its customer's timeline until the next claim.</summary>
    private async Task RecordsCommittedAsync()
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10);
        while (unrecorded.CurrentCount < UnrecordedLimit && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }

    /// <summary>
    /// Messages one workspace sends before the next workspace's turn: 20, or a quarter second of the provider's rate,
    /// or two rounds of the senders, whichever is most, so a fast provider is not held back by the turns' own round trips.
    /// </summary>
    private int TurnSize => Math.Max(Math.Max(20, (int)(throttle.PerSecond / 4)), 2 * Parallelism);

    /// <summary>
    /// How long claimed messages stay with this node: a minute, or twice what the turn takes at the provider's rate
    /// when that is longer (a slow provider), so no other node takes a message this one is still about to send.
    /// </summary>
    private TimeSpan ClaimLease(int turnSize) => TimeSpan.FromSeconds(Math.Max(60, 2 * turnSize / throttle.PerSecond));

    /// <summary>
    /// Claims up to <see cref="TurnSize"/> due messages of the workspace and hands them to senders, several at once
    /// (the provider throttle still paces the sends); true when the workspace may have more. The turn ends when its
    /// last message has a sender, not when that send ends, so the next turn's claim overlaps the last sends instead of
    /// leaving the provider's rate unused meanwhile. Each attempt is recorded as soon as it ends (committed in groups
    /// with the other senders' records). A claimed message that is already marked handed over was in flight when its
    /// node died after the mark: it is recorded as sent without a send.
    /// </summary>
    private async Task<bool> DrainTurnAsync(WorkspaceId workspace, CancellationToken stoppingToken)
    {
        var turnSize = TurnSize;
        var claimed = await store.ClaimDueAsync(workspace, turnSize, ClaimLease(turnSize), stoppingToken);
        if (claimed.Count == 0)
        {
            return false;
        }

        var suppressed = await suppressions.FindManyAsync(workspace, claimed.Select(m => m.ToAddress), stoppingToken);
        var notAttempted = new List<Guid>();
        foreach (var message in claimed)
        {
            if (stoppingToken.IsCancellationRequested)
            {
                notAttempted.Add(message.Id);
                continue;
            }

            if (message.HandedOverAt is not null)
            {
                await unrecorded.WaitAsync(CancellationToken.None);
                logger.LogInformation("Email {MessageId} was handed over to {Transport} before its node stopped; recorded as sent", message.MessageId, transport.Name);
                _ = RecordAsync(workspace, message, new DeliveryOutcome(true, null));
                continue;
            }

            await senders.WaitAsync(CancellationToken.None);
            await unrecorded.WaitAsync(CancellationToken.None);
            _ = SendAsync(workspace, message, suppressed, stoppingToken);
        }

        await store.ReleaseAsync(workspace, notAttempted, CancellationToken.None);
        return claimed.Count == turnSize;
    }

    /// <summary>Sends at once: each holds one of the provider connections.</summary>
    private readonly SemaphoreSlim senders = new(options.Value.ParallelismFor(transport.Name));

    /// <summary>One message's attempt, holding a place in <see cref="senders"/> until the send ends and in <see cref="unrecorded"/> until its record commits.</summary>
    private async Task SendAsync(WorkspaceId workspace, EmailMessageRow message, IReadOnlyDictionary<string, EmailSuppression> suppressed, CancellationToken stoppingToken)
    {
        DeliveryOutcome? outcome;
        try
        {
            outcome = await DeliverAsync(workspace, message, suppressed, stoppingToken);
        }
        catch (Exception e)
        {
            // Only while stopping (otherwise an error is an outcome): the message is handed back.
            logger.LogWarning(e, "Email {MessageId} was not sent: the node is stopping", message.MessageId);
            outcome = null;
        }
        finally
        {
            senders.Release();
        }

        if (outcome is null)
        {
            unrecorded.Release();
            await ReleaseUnattemptedAsync(workspace, message);
            return;
        }

        // The sender goes on to its next mail while this one's record commits: the claim's lease keeps the message
        // from being claimed again meanwhile.
        await RecordAsync(workspace, message, outcome);
    }

    /// <summary>The node began stopping before the send: the message is due again at once (another node may take it).</summary>
    private async Task ReleaseUnattemptedAsync(WorkspaceId workspace, EmailMessageRow message)
    {
        try
        {
            await store.ReleaseAsync(workspace, [message.Id], CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Email {MessageId} stays claimed until its lease ends", message.MessageId);
        }
    }

    /// <returns>How the attempt ended; null when the node began stopping before the send.</returns>
    private async Task<DeliveryOutcome?> DeliverAsync(WorkspaceId workspace, EmailMessageRow row, IReadOnlyDictionary<string, EmailSuppression> suppressed, CancellationToken stoppingToken)
    {
        try
        {
            if (suppressed.GetValueOrDefault(EmailSuppressionStore.Normalize(row.ToAddress)) is { } suppression)
            {
                return new DeliveryOutcome(false, $"{row.ToAddress} is undeliverable ({suppression.Reason}); not sent.", GiveUp: true);
            }

            await throttle.WaitAsync(stoppingToken);
            // Not cancelled by shutdown: once begun, a send runs to the provider's answer, so its outcome is known.
            await transport.SendAsync(composer.Compose(workspace, row), _ => store.HandOverAsync(workspace, row.Id), CancellationToken.None);
            return new DeliveryOutcome(true, null);
        }
        catch (MailRefusedException e)
        {
            return new DeliveryOutcome(false, Shorten(e.Message), GiveUp: true);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(false, Shorten(e.Message));
        }
    }

    /// <summary>
    /// Attempts ended whose record is not committed yet, across the node. A sender does not wait for its record before
    /// its next send, so the commit's latency does not pace delivery; the bound keeps the records (and the timeline
    /// entries they carry) from falling behind the sends.
    /// </summary>
    private readonly SemaphoreSlim unrecorded = new(2 * options.Value.ParallelismFor(transport.Name));

    private int UnrecordedLimit => 2 * Parallelism;

    private int Parallelism => options.Value.ParallelismFor(transport.Name);

    /// <summary>
    /// Commits the attempt, with the sent mail's email activity, then hands the activity's timeline entry to the
    /// customer's grain, which pushes it live (in the background). Frees the attempt's place in <see cref="unrecorded"/>.
    /// </summary>
    private async Task RecordAsync(WorkspaceId workspace, EmailMessageRow message, DeliveryOutcome outcome)
    {
        TimelineEntry? entry;
        try
        {
            entry = await CommitAsync(workspace, message, outcome);
        }
        catch (Exception e)
        {
            // The claim's lease ends and the message is claimed again: recorded as sent then if it was handed over.
            logger.LogError(e, "The attempt of email {MessageId} to {To} was not recorded", message.MessageId, message.ToAddress);
            return;
        }
        finally
        {
            unrecorded.Release();
        }

        if (entry is not null && await IsInMemoryAsync(workspace, entry.CustomerId))
        {
            await liveTimeline.WaitAsync();
            _ = TellCustomerAsync(workspace, entry);
        }
    }

    /// <summary>
    /// Whether the customer's grain is active, so handing it the entry is worth it. An inactive grain is not woken for
    /// it: activating it costs several reads per mail (at bulk rates, more than the send), and a grain that activates
    /// later reads its timeline, this entry included, from SQL. Opening a customer's page activates its grain, so a
    /// customer being looked at gets the entry live (unless the page stayed idle past the grains' idle age).
    /// </summary>
    private async Task<bool> IsInMemoryAsync(WorkspaceId workspace, Guid customerId)
    {
        try
        {
            // A look in the cluster's grain directory (a snapshot: a grain activating meanwhile reads the entry from SQL).
            return await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grains.GetCustomer(workspace, customerId)) is not null;
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "The grain directory did not answer for customer {CustomerId}; handing the entry over", customerId);
            return true;
        }
    }

    private async Task<TimelineEntry?> CommitAsync(WorkspaceId workspace, EmailMessageRow message, DeliveryOutcome outcome)
    {
        if (!outcome.Sent)
        {
            logger.LogWarning("Email {MessageId} to {To} not delivered by {Transport} (attempt {Attempt}): {Error}",
                message.MessageId, message.ToAddress, transport.Name, message.Attempts + 1, outcome.Error);
            return await store.RecordAsync(workspace, new DeliveryRecord(message, outcome, null));
        }

        try
        {
            return await store.RecordAsync(workspace, new DeliveryRecord(message, outcome, EmailActivity(message)));
        }
        catch (PostgresException e)
        {
            // The activity could not be written (the customer was erased meanwhile): the send is recorded all the same.
            logger.LogWarning(e, "Email {MessageId} was sent but its timeline entry was not written", message.MessageId);
            return await store.RecordAsync(workspace, new DeliveryRecord(message, outcome, null));
        }
    }

    /// <summary>
    /// Timeline entries handed to customers' grains at once. The hand-over is not awaited by the sender: it may
    /// activate the customer's grain (three reads), which would otherwise pace delivery. The bound is small on
    /// purpose: activations beyond it only queue for pooled connections, ahead of the senders' own records.
    /// </summary>
    private readonly SemaphoreSlim liveTimeline = new(16);

    private async Task TellCustomerAsync(WorkspaceId workspace, TimelineEntry entry)
    {
        try
        {
            await grains.GetCustomer(workspace, entry.CustomerId).TimelineWrittenAsync(entry);
        }
        catch (Exception e)
        {
            // The customer's grain catches up from SQL on its next read.
            logger.LogWarning(e, "Customer {CustomerId} was not told about timeline entry {EntryId}", entry.CustomerId, entry.Id);
        }
        finally
        {
            liveTimeline.Release();
        }
    }

    private static string Shorten(string error) => error.Length > 500 ? error[..500] : error;

    private ActivityDraft EmailActivity(EmailMessageRow row) => ActivityRules.Prepare(new ActivityDraft
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
    }).Draft;
}
