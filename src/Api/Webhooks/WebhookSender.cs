using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Activities;
using SimpleCrm.Data.Identity;
using SimpleCrm.Data.Webhooks;

namespace SimpleCrm.Api.Webhooks;

/// <summary>
/// Makes one attempt of a claimed delivery: signs and POSTs the body, records the outcome with the next retry
/// (exponential backoff with jitter, for <see cref="WebhookOptions.RetryFor"/>), and switches the subscription off
/// when it has failed for too long, telling the workspace's admins.
/// </summary>
public sealed class WebhookSender(
    IHttpClientFactory clients,
    WebhookSecrets secrets,
    WebhookDeliveryStore deliveries,
    UserDirectory users,
    NotificationStore notifications,
    IOptions<WebhookOptions> options,
    ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "webhooks";

    private const int MaxErrorLength = 500;

    public async Task SendAsync(WorkspaceId workspace, DueDelivery delivery, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var attempt = delivery.Attempts + 1;
        var attemptedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        int? statusCode = null;
        string? error = null;
        try
        {
            var timestamp = attemptedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
            {
                Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id.ToString());
            request.Headers.Add(WebhookSignature.EventHeader, delivery.Event);
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secrets.Unprotect(delivery.Secret), timestamp, delivery.Body));
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            statusCode = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                error = $"The receiver answered {statusCode}.";
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the lease runs out and another sender makes this attempt.
            return;
        }
        catch (OperationCanceledException)
        {
            error = $"No answer within {settings.Timeout.TotalSeconds:0.#} s.";
        }
        catch (HttpRequestException e)
        {
            error = e.InnerException switch
            {
                WebhookTargetRefusedException refused => refused.Message,
                // "The SSL connection could not be established, see inner exception." says too little on its own.
                { } inner => $"{e.Message} {inner.Message}",
                null => e.Message,
            };
        }
        catch (CryptographicException)
        {
            error = "The signing secret cannot be decrypted: the key ring no longer holds its key. Create the subscription again.";
        }

        var durationMs = (int)Math.Min(int.MaxValue, clock.ElapsedMilliseconds);
        var succeeded = error is null;
        var now = DateTimeOffset.UtcNow;
        DateTimeOffset? nextRetryAt = succeeded || now - delivery.CreatedAt >= settings.RetryFor ? null : now + Backoff(attempt, settings);
        var outcome = new AttemptOutcome(attempt, attemptedAt, durationMs, statusCode, Truncate(error), succeeded, nextRetryAt);
        var health = await deliveries.RecordAttemptAsync(workspace, delivery, outcome, CancellationToken.None);
        if (!succeeded)
        {
            logger.LogInformation("Webhook delivery {Delivery} attempt {Attempt} failed: {Error}", delivery.Id, attempt, error);
        }

        if (health is { Active: true } && DisableReason(health, now, settings) is { } reason
            && await deliveries.DisableAsync(workspace, health.SubscriptionId, reason, CancellationToken.None))
        {
            logger.LogWarning("Webhook subscription {Subscription} switched off: {Reason}", health.SubscriptionId, reason);
            await NotifyAdminsAsync(workspace, health, reason);
        }
    }

    /// <summary>About base × 2^(attempt−1), capped, of which a random half is taken off so retries spread out.</summary>
    public static TimeSpan Backoff(int attempt, WebhookOptions settings)
    {
        var exponential = settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, settings.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }

    private static string? DisableReason(SubscriptionHealth health, DateTimeOffset now, WebhookOptions settings)
    {
        if (health.FailingSince is { } since && now - since >= settings.DisableAfter)
        {
            return $"Switched off automatically: every delivery failed since {since:yyyy-MM-dd HH:mm} UTC ({health.ConsecutiveFailures} attempts in a row).";
        }

        return settings.DisableAfterFailures > 0 && health.ConsecutiveFailures >= settings.DisableAfterFailures
            ? $"Switched off automatically after {health.ConsecutiveFailures} failed attempts in a row."
            : null;
    }

    private async Task NotifyAdminsAsync(WorkspaceId workspace, SubscriptionHealth health, string reason)
    {
        try
        {
            var admins = (await users.ListAsync(workspace.Value)).Where(u => u.Role == Access.Roles.Admin && u.Status == "active");
            foreach (var admin in admins)
            {
                await notifications.AddAsync(workspace, admin.Id, "webhook.disabled",
                    new { subscription_id = health.SubscriptionId, url = health.Url, reason },
                    $"webhook.disabled:{health.SubscriptionId}:{health.FailingSince:O}", ChangeContext.System("webhooks"));
            }
        }
        catch (Exception e)
        {
            // The subscription is off either way; the reason is on it for the settings page.
            logger.LogWarning(e, "Could not notify the admins that webhook subscription {Subscription} was switched off", health.SubscriptionId);
        }
    }

    private static string? Truncate(string? text) => text is { Length: > MaxErrorLength } ? text[..MaxErrorLength] : text;
}
