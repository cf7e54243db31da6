using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Email;

namespace SimpleCrm.Api.Email.Threads;

/// <summary>Crm:MailSync: how often each workspace's IMAP mailbox is polled.</summary>
public sealed class MailSyncOptions
{
    public const string Section = "Crm:MailSync";

    /// <summary>The time between two polls of one mailbox.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often this node looks for a mailbox that is due.</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages read in one poll at most; the rest wait for the next.</summary>
    public int BatchSize { get; set; } = 200;
}

/// <summary>
/// Feeds messages read from a mailbox folder to the threading step, in UID order, moving the checkpoint past each one
/// as it is stored: a crash re-reads at most the message it was on (and the Message-ID dedup ignores it), never skips one.
/// </summary>
public sealed class MailSyncImporter(MailSyncStore store, MailThreader threader)
{
    /// <returns>How many messages were new.</returns>
    public async Task<int> ImportAsync(
        WorkspaceId workspace, string owner, long uidValidity, long checkpoint, IEnumerable<(uint Uid, MimeMessage Message)> messages, CancellationToken cancellationToken)
    {
        var imported = 0;
        foreach (var (uid, message) in messages.Where(m => m.Uid > checkpoint).OrderBy(m => m.Uid))
        {
            var isNew = InboundMail.FromMime(message, InboundMail.Imap) is { } mail
                && (await threader.ThreadAsync(workspace, mail, cancellationToken)).Outcome != InboundOutcome.Duplicate;
            if (!await store.CheckpointAsync(workspace, owner, uidValidity, uid, isNew, cancellationToken))
            {
                throw new InvalidOperationException("The mailbox lease was lost; another node continues.");
            }

            imported += isNew ? 1 : 0;
        }

        return imported;
    }
}

/// <summary>
/// Polls each workspace's IMAP mailbox (MailKit) for replies. A mailbox is polled by one node at a time: the node takes the
/// workspace's lease in the database first, and a lease of a node that died lapses. Only UIDs above the checkpoint are read,
/// and a new UIDVALIDITY (the folder was recreated) starts the checkpoint again.
/// </summary>
public sealed class MailSyncPoller(
    EmailMessageStore workspaces, MailSyncStore store, MailSyncImporter importer, MailSyncSecrets secrets, IOptions<MailSyncOptions> options,
    ILogger<MailSyncPoller> logger) : BackgroundService
{
    private static readonly TimeSpan LeaseFor = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    private readonly string owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var workspace in await workspaces.WorkspacesToVisitAsync(sweep: true, stoppingToken))
                {
                    if (await store.ClaimDueAsync(workspace, owner, options.Value.PollInterval, LeaseFor, stoppingToken) is { } settings)
                    {
                        await PollAsync(workspace, settings, stoppingToken);
                    }
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Mailbox sync failed; trying again shortly");
            }

            try
            {
                await Task.Delay(options.Value.Tick, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PollAsync(WorkspaceId workspace, MailSyncRow settings, CancellationToken stoppingToken)
    {
        string? error = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(LeaseFor - TimeSpan.FromSeconds(30));
            await ReadMailboxAsync(workspace, settings, timeout.Token);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            error = e.Message.Length > 500 ? e.Message[..500] : e.Message;
            logger.LogInformation("Mailbox of workspace {Workspace} not read: {Error}", workspace, error);
        }

        await store.FinishPollAsync(workspace, owner, error, CancellationToken.None);
    }

    private async Task ReadMailboxAsync(WorkspaceId workspace, MailSyncRow settings, CancellationToken cancellationToken)
    {
        using var client = new ImapClient { Timeout = (int)ConnectTimeout.TotalMilliseconds };
        var security = !settings.ImapTls ? SecureSocketOptions.None
            : settings.ImapPort == 993 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        await client.ConnectAsync(settings.ImapHost ?? "", settings.ImapPort ?? 993, security, cancellationToken);
        await client.AuthenticateAsync(settings.ImapUsername ?? "", secrets.Unprotect(settings.ImapPasswordProtected!), cancellationToken);
        var folder = await client.GetFolderAsync(settings.ImapFolder, cancellationToken);
        await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);

        var checkpoint = settings.LastUid;
        if (settings.UidValidity != folder.UidValidity)
        {
            await store.ResetCheckpointAsync(workspace, owner, folder.UidValidity, cancellationToken);
            checkpoint = 0;
        }

        // "n:*" always answers the newest message even when its UID is below n; the importer skips it.
        var uids = (await folder.SearchAsync(SearchQuery.Uids(new UniqueIdRange(new UniqueId((uint)checkpoint + 1), UniqueId.MaxValue)), cancellationToken))
            .Where(u => u.Id > checkpoint).OrderBy(u => u.Id).Take(options.Value.BatchSize).ToList();
        foreach (var uid in uids)
        {
            var message = await folder.GetMessageAsync(uid, cancellationToken);
            await importer.ImportAsync(workspace, owner, folder.UidValidity, checkpoint, [(uid.Id, message)], cancellationToken);
        }

        await client.DisconnectAsync(true, cancellationToken);
    }
}
