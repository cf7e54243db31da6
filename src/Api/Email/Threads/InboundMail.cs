using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace SimpleCrm.Api.Email.Threads;

/// <summary>
/// An email received from outside, whichever way it came (SendGrid Inbound Parse or an IMAP mailbox): the parts the
/// threading step needs. Message-IDs are kept without their angle brackets, as MimeKit gives them and as the CRM stores its own.
/// </summary>
public sealed record InboundMail(
    string Source, string MessageId, string? InReplyTo, IReadOnlyList<string> References, string FromAddress, IReadOnlyList<string> To,
    string Subject, string Text)
{
    public const string SendGrid = "sendgrid";
    public const string Imap = "imap";

    /// <summary>The Message-IDs the mail answers, nearest first: In-Reply-To, then References from the last.</summary>
    public IReadOnlyList<string> Ancestors =>
        new[] { InReplyTo }.Concat(References.Reverse()).OfType<string>().Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).Take(50).ToList();

    /// <summary>Reads a whole message (as an IMAP mailbox serves it). Null without a usable sender.</summary>
    public static InboundMail? FromMime(MimeMessage message, string source, string? text = null, string? html = null)
    {
        if (message.From.Mailboxes.FirstOrDefault()?.Address is not { Length: > 0 } from || !from.Contains('@'))
        {
            return null;
        }

        var body = text ?? message.TextBody ?? HtmlToText(html ?? message.HtmlBody) ?? "";
        var subject = message.Subject ?? "";
        var messageId = string.IsNullOrWhiteSpace(message.MessageId)
            ? Synthesized(from, subject, message.Date, body)
            : message.MessageId.Trim();
        return new InboundMail(
            source, messageId, string.IsNullOrWhiteSpace(message.InReplyTo) ? null : message.InReplyTo.Trim(), message.References.ToList(),
            from.ToLowerInvariant(), message.To.Mailboxes.Select(m => m.Address).Where(a => a.Contains('@')).Take(20).ToList(), subject, body);
    }

    /// <summary>
    /// Reads SendGrid Inbound Parse's fields: the raw header block in "headers", the parts in "text" and "html"
    /// (raw MIME is not asked for, so attachments stay out). Null when the headers cannot be read or name no sender.
    /// </summary>
    public static InboundMail? FromInboundParse(string? headers, string? from, string? subject, string? text, string? html)
    {
        if (string.IsNullOrWhiteSpace(headers))
        {
            return null;
        }

        MimeMessage message;
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(headers.TrimEnd() + "\r\n\r\n"));
            message = MimeMessage.Load(stream);
        }
        catch (FormatException)
        {
            return null;
        }

        if (message.From.Count == 0 && !string.IsNullOrWhiteSpace(from) && InternetAddressList.TryParse(from, out var sender))
        {
            message.From.AddRange(sender);
        }

        if (string.IsNullOrEmpty(message.Subject) && !string.IsNullOrEmpty(subject))
        {
            message.Subject = subject;
        }

        return FromMime(message, SendGrid, string.IsNullOrEmpty(text) ? null : text, html);
    }

    /// <summary>A mail without a Message-ID still gets one, the same each time it is received, so it is recognised as a duplicate.</summary>
    private static string Synthesized(string from, string subject, DateTimeOffset date, string body)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{from}\n{subject}\n{date:O}\n{body}"));
        return $"{Convert.ToHexStringLower(hash)}@inbound.simplecrm.invalid";
    }

    private static string? HtmlToText(string? html) =>
        html is null ? null : System.Net.WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(html, "<(br|/p|/div)[^>]*>", "\n", RegexOptions.IgnoreCase), "<[^>]+>", "")).Trim();
}

/// <summary>Reply subjects compared without their "Re:", "AW:", "Fwd:" … prefixes, case and spacing.</summary>
public static partial class ReplySubject
{
    [GeneratedRegex(@"^\s*((re|aw|sv|vs|antw|fw|fwd|wg|tr|rv)(\[\d+\])?\s*:\s*)+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Prefixes();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    public static string Normalize(string subject) => Spaces().Replace(Prefixes().Replace(subject, ""), " ").Trim().ToLowerInvariant();
}
