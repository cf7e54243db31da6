using System.Security.Cryptography;
using System.Text;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Email;

namespace SimpleCrm.Api.Email.Threads;

public enum InboundOutcome
{
    Threaded,
    Unmatched,
    Duplicate,
}

/// <summary>What became of one inbound email.</summary>
public sealed record InboundResult(InboundOutcome Outcome, Guid? ActivityId, Guid? ThreadId);

/// <summary>
/// The one threading step both inbound paths share. A reply finds its conversation by the Message-IDs it answers
/// (In-Reply-To, then References) among the mail the CRM sent or received; failing that, a sender who is a customer
/// joins that customer's conversation with the same subject (without "Re:"), or starts a new one. It becomes an
/// inbound email activity on the customer's timeline (live, through the activity grain). Mail from an unknown sender
/// answering nothing known is kept unmatched. A Message-ID already received is ignored.
/// </summary>
public sealed class MailThreader(InboundMailStore store, IGrainFactory grains, ILogger<MailThreader> logger)
{
    private const int SubjectMax = 300;
    private const int BodyMax = 20_000;

    public async Task<InboundResult> ThreadAsync(WorkspaceId workspace, InboundMail mail, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(workspace, mail.MessageId, cancellationToken) is { } known)
        {
            return new InboundResult(InboundOutcome.Duplicate, known.ActivityId, known.ThreadId);
        }

        var activityId = ActivityIdOf(workspace, mail.MessageId);
        var match = await store.FindThreadAsync(workspace, mail.Ancestors, cancellationToken);
        if (match is null && await store.FindCustomerByAddressAsync(workspace, mail.FromAddress, cancellationToken) is { } customerId)
        {
            var subject = ReplySubject.Normalize(mail.Subject);
            var earlier = subject.Length == 0
                ? null
                : (await store.RecentSubjectsAsync(workspace, customerId, cancellationToken)).FirstOrDefault(s => ReplySubject.Normalize(s.Subject) == subject);
            match = new ThreadMatch(customerId, earlier?.ThreadId ?? activityId);
        }

        var subjectStored = Shorten(mail.Subject, SubjectMax);
        if (match is null)
        {
            var kept = await store.RecordAsync(workspace, new InboundMailRow
            {
                MessageId = mail.MessageId, Source = mail.Source, Status = "unmatched", FromAddress = mail.FromAddress, Subject = subjectStored,
                BodyText = Shorten(mail.Text, BodyMax),
            }, cancellationToken);
            return new InboundResult(kept ? InboundOutcome.Unmatched : InboundOutcome.Duplicate, null, null);
        }

        // The activity first, under an id derived from the Message-ID: if recording it below fails, the next delivery of the
        // same mail makes the same activity (refused as existing) instead of a second one.
        var draft = new ActivityDraft
        {
            CustomerId = match.CustomerId,
            Type = ActivityType.Email,
            Direction = ActivityDirection.Inbound,
            Subject = subjectStored,
            Description = Shorten(mail.Text, BodyMax),
            EmailMetadata = new EmailMetadata
            {
                From = mail.FromAddress,
                To = mail.To,
                MessageId = mail.MessageId,
                ThreadId = match.ThreadId,
                InReplyTo = mail.InReplyTo,
            },
        };
        var created = await grains.GetActivity(workspace, activityId).CreateAsync(draft, null, ChangeContext.System($"inbound-{mail.Source}"));
        if (!created.IsOk && created.Outcome != CommandOutcome.Conflict)
        {
            logger.LogWarning("Inbound email {MessageId} not put on the timeline: {Message}", mail.MessageId, created.Message);
            throw new InvalidOperationException($"The inbound email could not be stored: {created.Message}");
        }

        var recorded = await store.RecordAsync(workspace, new InboundMailRow
        {
            MessageId = mail.MessageId, Source = mail.Source, Status = "threaded", CustomerId = match.CustomerId, ThreadId = match.ThreadId,
            ActivityId = activityId, FromAddress = mail.FromAddress, Subject = subjectStored, BodyText = "",
        }, cancellationToken);
        return new InboundResult(recorded ? InboundOutcome.Threaded : InboundOutcome.Duplicate, activityId, match.ThreadId);
    }

    /// <summary>The same Message-ID in the same workspace always names the same activity.</summary>
    public static Guid ActivityIdOf(WorkspaceId workspace, string messageId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{workspace.Value:N}\n{messageId}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    private static string Shorten(string value, int max) => value.Length > max ? value[..max] : value;
}
