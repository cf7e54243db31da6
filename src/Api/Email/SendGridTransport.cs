using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MimeKit;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace SimpleCrm.Api.Email;

/// <summary>
/// SendGrid's v3 Mail Send API (the SendGrid package). The message goes out as composed: both parts, its own
/// headers (List-Unsubscribe and friends), and the custom arguments the composer put into X-SMTPAPI become
/// custom_args, which SendGrid returns with every event so the Event Webhook finds the message again.
/// 429 and 5xx are temporary (the dispatcher retries with backoff); any other refusal is final and its reason kept.
/// </summary>
public sealed class SendGridTransport : IMailTransport
{
    // Headers SendGrid sets itself (or refuses in "headers"); everything else the composer added travels along.
    private static readonly HashSet<string> OwnHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "To", "Cc", "Bcc", "Reply-To", "Subject", "Date", "Message-Id", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "X-SMTPAPI",
    };

    private readonly SendGridClient client;

    public SendGridTransport(IOptions<EmailOptions> options)
    {
        var settings = options.Value.SendGrid;
        if (string.IsNullOrWhiteSpace(settings.ApiKey))
        {
            throw new InvalidOperationException("Crm:Mail:SendGrid:ApiKey is required when the mail provider is sendgrid.");
        }

        client = new SendGridClient(new SendGridClientOptions { ApiKey = settings.ApiKey, Host = settings.BaseUrl.TrimEnd('/') });
    }

    public string Name => EmailProviders.SendGrid;

    /// <summary>
    /// The hand-over is passed just before the request: SendGrid's API has no idempotency key, so a node that dies while
    /// the request is out leaves the same unknown as an SMTP end line without its reply, settled the same way: as sent.
    /// </summary>
    public async Task SendAsync(MimeMessage message, MailHandOver? handOver, CancellationToken cancellationToken)
    {
        var request = ToSendGrid(message);
        if (handOver is not null)
        {
            await handOver(CancellationToken.None);
        }

        var response = await client.SendEmailAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var reason = $"SendGrid answered {(int)response.StatusCode}: {await ReasonAsync(response, cancellationToken)}";
        if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
        {
            throw new HttpRequestException(reason, null, response.StatusCode);
        }

        throw new MailRefusedException(reason);
    }

    public static SendGridMessage ToSendGrid(MimeMessage message)
    {
        var from = message.From.Mailboxes.First();
        var mail = new SendGridMessage
        {
            From = new EmailAddress(from.Address, string.IsNullOrEmpty(from.Name) ? null : from.Name),
            Subject = message.Subject,
            PlainTextContent = message.TextBody ?? "",
        };
        if (!string.IsNullOrEmpty(message.HtmlBody))
        {
            mail.HtmlContent = message.HtmlBody;
        }

        mail.AddTos(message.To.Mailboxes.Select(to => new EmailAddress(to.Address, string.IsNullOrEmpty(to.Name) ? null : to.Name)).ToList());
        var headers = message.Headers.Where(h => !OwnHeaders.Contains(h.Field)).ToDictionary(h => h.Field, h => h.Value);
        // Message-wide (top level), not per personalization: one recipient, and the events carry them either way.
        if (headers.Count > 0)
        {
            mail.Headers = headers;
        }

        if (message.Headers["X-SMTPAPI"] is { } smtpApi && CustomArgs(smtpApi) is { Count: > 0 } args)
        {
            mail.CustomArgs = args;
        }

        return mail;
    }

    private static Dictionary<string, string>? CustomArgs(string smtpApi)
    {
        using var document = JsonDocument.Parse(smtpApi);
        return document.RootElement.TryGetProperty("unique_args", out var args) && args.ValueKind == JsonValueKind.Object
            ? args.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString())
            : null;
    }

    private static async Task<string> ReasonAsync(Response response, CancellationToken cancellationToken)
    {
        var body = await response.Body.ReadAsStringAsync(cancellationToken);
        try
        {
            // {"errors":[{"message":"…","field":"…"}]}: the messages say why.
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                return string.Join("; ", errors.EnumerateArray().Select(e => e.TryGetProperty("message", out var m) ? m.GetString() : e.ToString()));
            }
        }
        catch (JsonException)
        {
        }

        return body.Length > 300 ? body[..300] : body;
    }
}
