using Microsoft.Extensions.Options;
using System.Text.Json;
using MimeKit;
using MimeKit.Text;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Email;

namespace SimpleCrm.Api.Email;

/// <summary>
/// Turns a stored email into the MIME message sent: both parts, the fixed Message-ID, and for marketing mail
/// the List-Unsubscribe and List-Unsubscribe-Post headers of RFC 8058 (one-click unsubscribe). Its body marks where the
/// message is handed over to the provider (<see cref="IHandOverPoint"/>).
/// </summary>
public sealed class EmailComposer(IOptions<EmailOptions> options)
{
    /// <summary>The custom arguments every event about the message carries back (SendGrid's Event Webhook).</summary>
    public const string WorkspaceArg = "crm_workspace_id";
    public const string MessageArg = "crm_message_id";

    public MimeMessage Compose(WorkspaceId workspace, EmailMessageRow row)
    {
        var message = new MimeMessage { Subject = row.Subject, MessageId = row.MessageId, Date = row.CreatedAt };
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(MailboxAddress.Parse(row.ToAddress));
        if (row.InReplyTo is { } inReplyTo)
        {
            // The one message answered is enough for every mail program to thread the reply under it.
            message.InReplyTo = inReplyTo;
            message.References.Add(inReplyTo);
        }

        if (row.Purpose == EmailPurposes.Marketing && row.UnsubscribeUrl is { } unsubscribe)
        {
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        else
        {
            message.Headers.Add("X-Crm-Purpose", "transactional");
        }

        // SendGrid's SMTP relay reads custom arguments from this header and returns them with every event.
        message.Headers.Add("X-SMTPAPI", JsonSerializer.Serialize(new { unique_args = CustomArgs(workspace, row) }));

        // The body types carry the point at which the transport hands the message over (see MailHandOver).
        message.Body = string.IsNullOrWhiteSpace(row.BodyHtml)
            ? new HandOverTextPart(TextFormat.Plain) { Text = row.BodyText }
            : new HandOverAlternative
            {
                new TextPart(TextFormat.Plain) { Text = row.BodyText },
                new TextPart(TextFormat.Html) { Text = row.BodyHtml },
            };
        return message;
    }

    public static Dictionary<string, string> CustomArgs(WorkspaceId workspace, EmailMessageRow row) =>
        new() { [WorkspaceArg] = workspace.Value.ToString("N"), [MessageArg] = row.Id.ToString("N") };
}

public static class EmailPurposes
{
    public const string Marketing = "marketing";
    public const string Transactional = "transactional";
    public static readonly IReadOnlyList<string> All = [Marketing, Transactional];
}
