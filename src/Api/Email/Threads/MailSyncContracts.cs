using System.ComponentModel;
using SimpleCrm.Data.Email;

namespace SimpleCrm.Api.Email.Threads;

/// <summary>The IMAP mailbox polled for replies.</summary>
public sealed record ImapSettingsInput(
    [property: Description("Poll the mailbox (every minute by default).")] bool? Enabled,
    string? Host,
    [property: Description("993 for TLS on connect, 143 for STARTTLS.")] int? Port,
    [property: Description("TLS (on connect for 993, STARTTLS otherwise); false only for a local test server.")] bool? Tls,
    string? Username,
    [property: Description("Leave out to keep the stored password; it is never shown again.")] string? Password,
    [property: Description("The folder to read (default INBOX).")] string? Folder);

public sealed record ImapSettingsView(bool Enabled, string? Host, int? Port, bool Tls, string? Username, bool HasPassword, string Folder);

/// <summary>How the mailbox sync is doing.</summary>
public sealed record MailSyncHealth(DateTimeOffset? LastPollAt, string? LastError, long MessagesImported);

public sealed record MailSyncView(ImapSettingsView Imap, MailSyncHealth Health, [property: Description("Whether an Inbound Parse address was made.")] bool InboundConfigured)
{
    public static MailSyncView From(MailSyncRow? row) => row is null
        ? new(new(false, null, null, true, null, false, "INBOX"), new(null, null, 0), false)
        : new(new(row.ImapEnabled, row.ImapHost, row.ImapPort, row.ImapTls, row.ImapUsername, row.ImapPasswordProtected is not null, row.ImapFolder),
            new(row.LastPollAt, row.LastError, row.ImportedCount), row.InboundTokenHash is not null);
}

/// <summary>The Inbound Parse address: shown once, when made.</summary>
public sealed record InboundAddress([property: Description("Enter this as the Destination URL of SendGrid Inbound Parse.")] string Url);

/// <summary>An inbound email that answers nothing known and comes from no customer.</summary>
public sealed record UnmatchedMail(string MessageId, string Source, string From, string Subject, string BodyText, DateTimeOffset ReceivedAt);

public sealed record UnmatchedMailList(IReadOnlyList<UnmatchedMail> Items);

/// <summary>One email of a conversation.</summary>
public sealed record ThreadMessage(
    Guid ActivityId, string Direction, string? From, IReadOnlyList<string> To, string Subject, string? BodyText, DateTimeOffset At,
    string? MessageId, bool Opened, bool Clicked);

/// <summary>A conversation with the customer: its messages oldest first.</summary>
public sealed record EmailThread(Guid ThreadId, string Subject, IReadOnlyList<string> Participants, DateTimeOffset LastMessageAt, IReadOnlyList<ThreadMessage> Messages);

public sealed record EmailThreadList(IReadOnlyList<EmailThread> Items);
