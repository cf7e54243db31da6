using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Email;
using SimpleCrm.Data.Gdpr;

namespace SimpleCrm.Api.Email;

/// <summary>
/// POST /webhooks/sendgrid/events: SendGrid's Event Webhook, its ECDSA signature checked with the configured key
/// (Crm:Mail:SendGrid:EventPublicKey) before anything is read. Events name our message by the custom arguments set
/// when sending; delivered, open and click mark the email's activity; bounces, drops, spam reports and unsubscribes
/// withdraw the customer's marketing_email consent, and a hard bounce or a drop makes the address undeliverable.
/// </summary>
public static class SendGridEventEndpoints
{
    public const string Path = "/webhooks/sendgrid/events";
    private const long MaxBodyBytes = 4 * 1024 * 1024;

    public static void MapSendGridEvents(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, ReceiveAsync).AllowAnonymous().ExcludeFromDescription();

    private static async Task<IResult> ReceiveAsync(
        HttpContext http, IOptions<EmailOptions> options, EmailMessageStore messages, EmailSuppressionStore suppressions, ConsentStore consents,
        IGrainFactory grains, ILoggerFactory loggers)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.ToArray();
        var key = options.Value.SendGrid.EventPublicKey;
        if (string.IsNullOrWhiteSpace(key)
            || !SendGridEventSignature.IsValid(key, http.Request.Headers[SendGridEventSignature.TimestampHeader], body, http.Request.Headers[SendGridEventSignature.SignatureHeader]))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid webhook",
                detail: $"Missing or wrong {SendGridEventSignature.SignatureHeader}; nothing was stored.");
        }

        JsonElement events;
        try
        {
            using var document = JsonDocument.Parse(body);
            events = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Problems.Problem.Invalid("body", "Not JSON.", "The events cannot be read; nothing was stored.");
        }

        if (events.ValueKind != JsonValueKind.Array)
        {
            return Problems.Problem.Invalid("body", "Expected an array of events.", "The events cannot be read; nothing was stored.");
        }

        var logger = loggers.CreateLogger(typeof(SendGridEventEndpoints));
        foreach (var item in events.EnumerateArray())
        {
            if (SendGridEvent.From(item) is not { } e)
            {
                continue;
            }

            if (await messages.FindAsync(e.Workspace, e.MessageId, http.RequestAborted) is not { } message)
            {
                logger.LogInformation("SendGrid {Event} for unknown message {MessageId}; ignored", e.Name, e.MessageId);
                continue;
            }

            await ApplyAsync(e, message, suppressions, consents, grains, logger, http.RequestAborted);
        }

        return TypedResults.Ok();
    }

    private static async Task ApplyAsync(
        SendGridEvent e, EmailMessageRow message, EmailSuppressionStore suppressions, ConsentStore consents, IGrainFactory grains, ILogger logger,
        CancellationToken cancellationToken)
    {
        EmailEngagement? engagement = e.Name switch
        {
            "delivered" => EmailEngagement.Delivered,
            "open" => EmailEngagement.Opened,
            "click" => EmailEngagement.Clicked,
            _ => null,
        };
        if (engagement is { } done)
        {
            var result = await grains.GetActivity(e.Workspace, message.Id).RecordEmailEngagementAsync(done, e.At, ChangeContext.System("sendgrid"));
            if (!result.IsOk)
            {
                logger.LogInformation("SendGrid {Event} of {MessageId} not recorded: {Message}", e.Name, message.Id, result.Message);
            }

            return;
        }

        // A soft bounce ("blocked") and deferrals only delay mail; these end it.
        var undeliverable = e.Name == "dropped" || (e.Name == "bounce" && e.Type is null or "bounce");
        if (!undeliverable && e.Name is not ("spamreport" or "unsubscribe" or "group_unsubscribe"))
        {
            return;
        }

        if (undeliverable)
        {
            await suppressions.SuppressAsync(e.Workspace, message.ToAddress, e.Name == "dropped" ? "dropped" : "bounce", e.Reason, cancellationToken);
        }

        if ((await consents.CurrentAsync(e.Workspace, message.CustomerId, cancellationToken)).GetValueOrDefault(ConsentPurposes.MarketingEmail))
        {
            var statement = new ConsentStatement(ConsentPurposes.MarketingEmail, false, $"sendgrid {e.Name} ({message.Id:N})", "sendgrid-event");
            await consents.RecordAsync(e.Workspace, message.CustomerId, statement, ChangeContext.System("sendgrid"), cancellationToken);
        }
    }

    /// <summary>One event that names a message of ours (events about mail the CRM did not send carry no custom arguments).</summary>
    private sealed record SendGridEvent(string Name, WorkspaceId Workspace, Guid MessageId, DateTimeOffset At, string? Type, string? Reason)
    {
        public static SendGridEvent? From(JsonElement item)
        {
            if (item.ValueKind != JsonValueKind.Object
                || Text(item, "event") is not { } name
                || !Guid.TryParse(Text(item, EmailComposer.WorkspaceArg), out var workspace)
                || !Guid.TryParse(Text(item, EmailComposer.MessageArg), out var message))
            {
                return null;
            }

            var at = item.TryGetProperty("timestamp", out var t) && t.TryGetInt64(out var seconds) && seconds is > 0 and < 253402300800
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : DateTimeOffset.UtcNow;
            return new SendGridEvent(name, new WorkspaceId(workspace), message, at, Text(item, "type"), Text(item, "reason"));
        }

        private static string? Text(JsonElement item, string name) =>
            item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
