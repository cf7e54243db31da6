using Microsoft.Extensions.Options;
using MimeKit;
using SimpleCrm.Data.Email;

namespace SimpleCrm.Api.Email;

/// <summary>
/// Turns a stored email into the MIME message sent: both parts, the fixed Message-ID, and for marketing mail
/// the List-Unsubscribe and List-Unsubscribe-Post headers of RFC 8058 (one-click unsubscribe).
/// </summary>
public sealed class EmailComposer(IOptions<EmailOptions> options)
{
    public MimeMessage Compose(EmailMessageRow row)
    {
        var message = new MimeMessage { Subject = row.Subject, MessageId = row.MessageId, Date = row.CreatedAt };
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(MailboxAddress.Parse(row.ToAddress));
        if (row.Purpose == EmailPurposes.Marketing && row.UnsubscribeUrl is { } unsubscribe)
        {
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        else
        {
            message.Headers.Add("X-Crm-Purpose", "transactional");
        }

        var body = new BodyBuilder { TextBody = row.BodyText };
        if (!string.IsNullOrWhiteSpace(row.BodyHtml))
        {
            body.HtmlBody = row.BodyHtml;
        }

        message.Body = body.ToMessageBody();
        return message;
    }
}

public static class EmailPurposes
{
    public const string Marketing = "marketing";
    public const string Transactional = "transactional";
    public static readonly IReadOnlyList<string> All = [Marketing, Transactional];
}
