using Microsoft.Extensions.Options;
using SimpleCrm.Data.Webhooks;

namespace SimpleCrm.Api.Webhooks;

/// <summary>
/// The background loop of webhooks, apart from every request: it turns flagged outbox rows into deliveries and
/// hands due deliveries to <see cref="WebhookSender"/>, at most <see cref="WebhookOptions.MaxConcurrency"/> at a
/// time. Several API nodes may run it at once: outbox rows and deliveries are claimed with row locks and leases.
/// </summary>
public sealed class WebhookDispatcher(WebhookDeliveryStore deliveries, WebhookSender sender, IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private const int DispatchBatch = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var slots = new SemaphoreSlim(Math.Max(1, settings.MaxConcurrency));
        // Longer than any attempt can take, so a delivery is never sent twice at once.
        var lease = settings.Timeout + TimeSpan.FromMinutes(1);
        var nextCleanup = DateTimeOffset.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var cleanup = DateTimeOffset.UtcNow >= nextCleanup;
                if (cleanup)
                {
                    nextCleanup = DateTimeOffset.UtcNow + settings.CleanupInterval;
                }

                foreach (var workspace in await deliveries.WorkspacesAsync(stoppingToken))
                {
                    if (cleanup)
                    {
                        // The delivery log is kept for a while for people to look at, not for ever.
                        await deliveries.ForgetFinishedAsync(workspace, settings.KeepDeliveriesFor, stoppingToken);
                    }

                    while (await deliveries.DispatchAsync(workspace, DispatchBatch, stoppingToken) == DispatchBatch)
                    {
                    }

                    var free = slots.CurrentCount;
                    if (free == 0)
                    {
                        continue;
                    }

                    foreach (var delivery in await deliveries.ClaimDueAsync(workspace, free, lease, stoppingToken))
                    {
                        await slots.WaitAsync(stoppingToken);
                        _ = Task.Run(async () =>
                        {
                            try
                            {
                                await sender.SendAsync(workspace, delivery, stoppingToken);
                            }
                            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                            {
                                logger.LogWarning(e, "Webhook delivery {Delivery} could not be recorded; it is retried when its lease ends", delivery.Id);
                            }
                            finally
                            {
                                slots.Release();
                            }
                        }, CancellationToken.None);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Webhook dispatch failed; it tries again shortly");
            }

            try
            {
                await Task.Delay(settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
