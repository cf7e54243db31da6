using SimpleCrm.Contracts.Activities;
using SimpleCrm.Domain.Common;

namespace SimpleCrm.Domain.Activities;

/// <summary>
/// Normalises and validates activities; errors are keyed by the JSON field name. Shared by every writer, so an
/// integration logging emails meets the same rules as the API.
/// </summary>
public static class ActivityRules
{
    public const int SubjectMax = 300;
    public const int DescriptionMax = 20_000;
    public const int AddressMax = 320;
    public const int RecipientsMax = 100;
    public const int MessageIdMax = 998;

    public static (ActivityDraft Draft, IReadOnlyDictionary<string, string[]> Errors) Prepare(ActivityDraft input)
    {
        var isTask = input.Type == ActivityType.Task;
        var draft = input with
        {
            Subject = input.Subject?.Trim() ?? "",
            Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
            EmailMetadata = input.EmailMetadata is null ? null : Normalize(input.EmailMetadata),
            DueAt = input.DueAt is { } due ? Microseconds(due.ToUniversalTime()) : null,
            Status = isTask ? input.Status ?? ActivityTaskStatus.Pending : input.Status,
        };

        var errors = new Dictionary<string, string[]>();
        if (draft.CustomerId == Guid.Empty)
        {
            errors["customer_id"] = ["Required."];
        }

        if (draft.Subject.Length == 0 && draft.Description is null)
        {
            errors["subject"] = ["Give a subject or a description."];
        }

        if (draft.Subject.Length > SubjectMax)
        {
            errors["subject"] = [$"At most {SubjectMax} characters."];
        }

        if (draft.Description is { Length: > DescriptionMax })
        {
            errors["description"] = [$"At most {DescriptionMax} characters."];
        }

        if (draft.Direction is not null && draft.Type is ActivityType.Note or ActivityType.Task)
        {
            errors["direction"] = [$"Only emails, calls and meetings have a direction."];
        }

        if (draft.EmailMetadata is { } email)
        {
            if (draft.Type != ActivityType.Email)
            {
                errors["email_metadata"] = ["Only emails have email metadata."];
            }
            else if (EmailProblem(email) is { } problem)
            {
                errors["email_metadata"] = [problem];
            }
        }

        if (isTask)
        {
            if (draft.DueAt is null)
            {
                errors["due_at"] = ["A task needs a due time (ISO 8601 with offset, e.g. 2030-01-31T09:00:00Z)."];
            }
            else if (!InputBounds.IsInDateRange(draft.DueAt.Value))
            {
                errors["due_at"] = [InputBounds.DateRangeMessage];
            }
        }
        else
        {
            if (draft.DueAt is not null)
            {
                errors["due_at"] = ["Only tasks have a due time."];
            }

            if (draft.Status is not null)
            {
                errors["status"] = ["Only tasks have a status."];
            }

            if (draft.AssignedTo is not null)
            {
                errors["assigned_to"] = ["Only tasks are assigned."];
            }
        }

        return (draft, errors);
    }

    /// <summary>PostgreSQL keeps microseconds; so does everything compared with what it stored.</summary>
    public static DateTimeOffset Microseconds(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    private static EmailMetadata Normalize(EmailMetadata m) => new()
    {
        From = string.IsNullOrWhiteSpace(m.From) ? null : m.From.Trim(),
        To = (m.To ?? []).Select(a => a?.Trim() ?? "").ToList(),
        Cc = (m.Cc ?? []).Select(a => a?.Trim() ?? "").ToList(),
        MessageId = string.IsNullOrWhiteSpace(m.MessageId) ? null : m.MessageId.Trim(),
        TemplateId = m.TemplateId,
        Language = string.IsNullOrWhiteSpace(m.Language) ? null : m.Language.Trim(),
        Opened = m.Opened,
        OpenedAt = m.OpenedAt is { } openedAt ? Microseconds(openedAt) : null,
        Clicked = m.Clicked,
        Delivered = m.Delivered,
        ThreadId = m.ThreadId,
        InReplyTo = string.IsNullOrWhiteSpace(m.InReplyTo) ? null : m.InReplyTo.Trim(),
    };

    private static string? EmailProblem(EmailMetadata m)
    {
        if (m.From is not null && !LooksLikeAddress(m.From))
        {
            return $"from: '{Shorten(m.From)}' is not an email address.";
        }

        foreach (var (name, list) in new[] { ("to", m.To!), ("cc", m.Cc!) })
        {
            if (list.Count > RecipientsMax)
            {
                return $"{name}: at most {RecipientsMax} addresses.";
            }

            if (list.FirstOrDefault(a => !LooksLikeAddress(a)) is { } bad)
            {
                return $"{name}: '{Shorten(bad)}' is not an email address.";
            }
        }

        if (m.Language is { Length: > 35 })
        {
            return "language: at most 35 characters.";
        }

        if (m.InReplyTo is { Length: > MessageIdMax })
        {
            return $"in_reply_to: at most {MessageIdMax} characters.";
        }

        return m.MessageId is { Length: > MessageIdMax } ? $"message_id: at most {MessageIdMax} characters." : null;
    }

    /// <summary>"Name &lt;a@b.c&gt;" or "a@b.c": one @ with text either side, no spaces in the address.</summary>
    private static bool LooksLikeAddress(string text)
    {
        if (text.Length is 0 or > AddressMax)
        {
            return false;
        }

        var address = text;
        var open = text.LastIndexOf('<');
        if (open >= 0 && text.EndsWith('>'))
        {
            address = text[(open + 1)..^1];
        }

        var at = address.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == address.LastIndexOf('@') && at < address.Length - 1 && !address.Any(char.IsWhiteSpace);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
