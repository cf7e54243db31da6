using Microsoft.Extensions.Options;
using SimpleCrm.Api.Templates;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Email;
using SimpleCrm.Data.Templates;

namespace SimpleCrm.Api.Email;

/// <summary>
/// Works through bulk email jobs: per batch of recipients, renders the template in each one's language, skips the
/// ones without marketing consent (for marketing mail) or with a suppressed address, and queues the rest for the
/// email dispatcher, batch by batch, each batch one transaction (see <see cref="BulkEmailStore"/>).
/// </summary>
public sealed class BulkEmailRunner(
    BulkEmailStore store, TemplateStore templates, TemplateRenderer renderer, UnsubscribeTokens tokens, TrackingLinks tracking,
    IOptions<EmailOptions> options, ILogger<BulkEmailRunner> logger)
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
                    foreach (var job in await store.QueueingJobsAsync(workspace, stoppingToken))
                    {
                        await RunAsync(workspace, job.Id, stoppingToken);
                    }
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Bulk email queueing failed; trying again shortly");
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

    private async Task RunAsync(WorkspaceId workspace, Guid jobId, CancellationToken stoppingToken)
    {
        TemplateRow? template = null;
        (SendingAgent? Agent, string WorkspaceName)? sender = null;
        var batchSize = Math.Clamp(options.Value.BulkBatchSize, 1, 10_000);
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = await store.QueueNextBatchAsync(workspace, jobId, batchSize, async (job, recipients) =>
            {
                template ??= await templates.FindAsync(workspace, job.TemplateId, stoppingToken);
                sender ??= await store.SenderAsync(workspace, job.CreatedBy, stoppingToken);
                // Rendering is CPU work independent per recipient: spread it over the cores, keeping the batch's order.
                var outcomes = new BulkRecipientOutcome[recipients.Count];
                await Parallel.ForAsync(0, recipients.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = stoppingToken },
                    async (i, cancellationToken) => outcomes[i] = await DecideAsync(workspace, job, template, recipients[i], sender.Value, cancellationToken));
                return outcomes;
            }, stoppingToken);
            if (handled is null || handled < batchSize)
            {
                return;
            }
        }
    }

    private async Task<BulkRecipientOutcome> DecideAsync(
        WorkspaceId workspace, BulkEmailJobRow job, TemplateRow? template, BulkRecipient recipient, (SendingAgent? Agent, string WorkspaceName) sender, CancellationToken cancellationToken)
    {
        var customer = recipient.Customer;
        if (template is null)
        {
            return new BulkRecipientOutcome(customer.Id, null, BulkEmailStore.TemplateMissing);
        }

        if (recipient.Suppressed)
        {
            return new BulkRecipientOutcome(customer.Id, null, BulkEmailStore.Suppressed);
        }

        if (job.Purpose == EmailPurposes.Marketing && !recipient.Consented)
        {
            return new BulkRecipientOutcome(customer.Id, null, BulkEmailStore.NoConsent);
        }

        RenderedMessage message;
        try
        {
            message = await renderer.RenderAsync(template, new RecipientFacts(customer, recipient.LatestOrder, sender.Agent, sender.WorkspaceName), cancellationToken);
        }
        catch (TemplateFailure e)
        {
            logger.LogInformation("Bulk email {Job}: the template failed for customer {Customer}: {Reason}", job.Id, customer.Id, e.Message);
            return new BulkRecipientOutcome(customer.Id, null, BulkEmailStore.TemplateFailed);
        }

        var id = Guid.CreateVersion7();
        var unsubscribeUrl = job.Purpose == EmailPurposes.Marketing
            ? $"{job.AppUrl}{EmailEndpoints.UnsubscribePath}?token={Uri.EscapeDataString(tokens.Issue(workspace, customer.Id, id))}"
            : null;
        var html = tracking.Instrument(message.BodyHtml, job.AppUrl, workspace, id);
        return new BulkRecipientOutcome(customer.Id, new EmailDraft(
            id, customer.Id, template.Id, message.Language, job.Purpose, customer.Email, message.Subject, html, message.BodyText,
            $"{id:N}@{options.Value.MessageIdDomain}", unsubscribeUrl, job.CreatedBy), null);
    }
}
