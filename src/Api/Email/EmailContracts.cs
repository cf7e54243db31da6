using System.ComponentModel;
using SimpleCrm.Data.Email;

namespace SimpleCrm.Api.Email;

public sealed record NewEmail(
    [property: Description("Send this template, rendered in the customer's language; leave out to send subject and body_text as written.")] Guid? TemplateId,
    [property: Description("Free-text subject (without a template).")] string? Subject,
    [property: Description("Free-text body (without a template); the HTML part is made from it.")] string? BodyText,
    [property: Description("marketing (needs the customer's marketing_email consent; carries one-click unsubscribe) or transactional.")] string? Purpose,
    [property: Description("Reply in a conversation: the Message-ID of one of the customer's emails; the mail joins its thread and carries In-Reply-To and References.")] string? InReplyTo = null);

/// <summary>A customer email and how far its delivery got: queued (retried with backoff while the provider fails), sent or failed.</summary>
public sealed record EmailView(
    Guid Id, Guid CustomerId, Guid? TemplateId, string? Language, string Purpose, string To, string Subject, string BodyText, string BodyHtml,
    string MessageId, string Status, int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, Guid ThreadId, string? InReplyTo)
{
    public static EmailView From(EmailMessageRow row) => new(row.Id, row.CustomerId, row.TemplateId, row.Language, row.Purpose, row.ToAddress, row.Subject,
        row.BodyText, row.BodyHtml, row.MessageId, row.Status, row.Attempts, row.LastError, row.CreatedAt, row.SentAt, row.ThreadId, row.InReplyTo);
}

public sealed record EmailList(IReadOnlyList<EmailView> Items);

/// <summary>The answer to a one-click unsubscribe.</summary>
public sealed record UnsubscribeResult(string Purpose, bool Granted);
