using System.ComponentModel;
using SimpleCrm.Data.Email;

namespace SimpleCrm.Api.Email;

public sealed record NewBulkEmail(
    [property: Description("The email template sent; each recipient gets the variant in their language.")] Guid? TemplateId,
    [property: Description("marketing (only to customers with marketing_email consent; carries one-click unsubscribe), or transactional (service) mail.")] string? Purpose,
    [property: Description("The recipients: every customer the customer list's filter matches, written as its query string, e.g. \"country=DE&tag=vip\"…")] string? Filter,
    [property: Description("…or the current members of this segment.")] Guid? SegmentId = null);

/// <summary>Recipients skipped for one reason.</summary>
public sealed record BulkEmailSkip(
    [property: Description("no_consent, suppressed (the address is undeliverable), template_failed or template_missing.")] string Reason, int Count);

/// <summary>A bulk send and how far it got.</summary>
public sealed record BulkEmailView(
    Guid Id,
    Guid TemplateId,
    string Purpose,
    string? Filter,
    Guid? SegmentId,
    [property: Description("queueing while recipients are being rendered and queued, then done (delivery goes on).")] string Status,
    [property: Description("Customers the filter or segment matched.")] int Matched,
    [property: Description("Of those, the ones that may be mailed when the job was created (consent for marketing, address not suppressed).")] int Recipients,
    [property: Description("Recipients not handled yet.")] int Pending,
    [property: Description("Emails queued by the job (sent or not).")] int Queued,
    int Sent,
    int Failed,
    [property: Description("Recipients skipped, all reasons together.")] int SkippedTotal,
    IReadOnlyList<BulkEmailSkip> Skipped,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    public static BulkEmailView From(BulkEmailProgress progress) => new(
        progress.Job.Id, progress.Job.TemplateId, progress.Job.Purpose, progress.Job.Filter, progress.Job.SegmentId, progress.Job.Status,
        progress.Job.Matched, progress.Job.Eligible, progress.Pending, progress.Queued, progress.Sent, progress.Failed,
        progress.Skipped.Sum(s => s.Count), progress.Skipped.Select(s => new BulkEmailSkip(s.Reason, s.Count)).ToList(),
        progress.Job.CreatedAt, progress.Job.FinishedAt);
}
