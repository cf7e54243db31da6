using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Email;

/// <summary>A workspace's mailbox sync settings, checkpoint and health.</summary>
public sealed class MailSyncRow
{
    public string? InboundTokenHash { get; init; }
    public bool ImapEnabled { get; init; }
    public string? ImapHost { get; init; }
    public int? ImapPort { get; init; }
    public bool ImapTls { get; init; }
    public string? ImapUsername { get; init; }
    public string? ImapPasswordProtected { get; init; }
    public string ImapFolder { get; init; } = "INBOX";
    public long? UidValidity { get; init; }
    public long LastUid { get; init; }
    public DateTimeOffset? LastPollAt { get; init; }
    public string? LastError { get; init; }
    public long ImportedCount { get; init; }
}

/// <summary>The IMAP mailbox to poll; a null password keeps the stored one.</summary>
public sealed record ImapSettings(bool Enabled, string Host, int Port, bool Tls, string Username, string? PasswordProtected, string Folder);

/// <summary>Mailbox sync settings and the poller's lease and UID checkpoint (row-level security; every query names the workspace too).</summary>
public sealed class MailSyncStore(CrmDatabase database)
{
    private const string Columns = """
        inbound_token_hash, imap_enabled, imap_host, imap_port, imap_tls, imap_username, imap_password_protected, imap_folder,
        uid_validity, last_uid, last_poll_at, last_error, imported_count
        """;

    public async Task<MailSyncRow?> GetAsync(WorkspaceId workspace, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await session.QuerySingleOrDefaultAsync<MailSyncRow>(
            $"select {Columns} from mail_sync_settings where workspace_id = @workspace", new { workspace = workspace.Value }, cancellationToken);
    }

    /// <summary>Saves the IMAP settings; a changed host, user or folder starts reading the mailbox from its beginning (the Message-ID dedup skips what came already).</summary>
    public async Task<MailSyncRow> SaveImapAsync(WorkspaceId workspace, ImapSettings settings, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<MailSyncRow>($"""
            insert into mail_sync_settings as s (workspace_id, imap_enabled, imap_host, imap_port, imap_tls, imap_username, imap_password_protected, imap_folder)
            values (@workspace, @Enabled, @Host, @Port, @Tls, @Username, @PasswordProtected, @Folder)
            on conflict (workspace_id) do update set
                imap_enabled = excluded.imap_enabled,
                imap_host = excluded.imap_host,
                imap_port = excluded.imap_port,
                imap_tls = excluded.imap_tls,
                imap_username = excluded.imap_username,
                imap_password_protected = coalesce(excluded.imap_password_protected, s.imap_password_protected),
                imap_folder = excluded.imap_folder,
                uid_validity = case when (s.imap_host, s.imap_username, s.imap_folder) is distinct from (excluded.imap_host, excluded.imap_username, excluded.imap_folder)
                                    then null else s.uid_validity end,
                last_uid = case when (s.imap_host, s.imap_username, s.imap_folder) is distinct from (excluded.imap_host, excluded.imap_username, excluded.imap_folder)
                                then 0 else s.last_uid end,
                last_error = null,
                updated_at = now()
            returning {Columns}
            """, new { workspace = workspace.Value, settings.Enabled, settings.Host, settings.Port, settings.Tls, settings.Username, settings.PasswordProtected, settings.Folder },
            cancellationToken);
        await session.CommitAsync(cancellationToken);
        return row!;
    }

    public async Task SetInboundTokenHashAsync(WorkspaceId workspace, string tokenHash, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync("""
            insert into mail_sync_settings (workspace_id, inbound_token_hash) values (@workspace, @tokenHash)
            on conflict (workspace_id) do update set inbound_token_hash = excluded.inbound_token_hash, updated_at = now()
            """, new { workspace = workspace.Value, tokenHash }, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Takes the workspace's poll lease when the mailbox is due (enabled, and not polled within <paramref name="every"/>) and no other node
    /// holds it; the lease lapses by itself after <paramref name="leaseFor"/> if its holder dies.
    /// </summary>
    public async Task<MailSyncRow?> ClaimDueAsync(WorkspaceId workspace, string owner, TimeSpan every, TimeSpan leaseFor, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<MailSyncRow>($"""
            update mail_sync_settings set lease_owner = @owner, lease_until = now() + make_interval(secs => @leaseSeconds)
            where workspace_id = @workspace and imap_enabled
              and (lease_until is null or lease_until < now())
              and (last_poll_at is null or last_poll_at <= now() - make_interval(secs => @everySeconds))
            returning {Columns}
            """, new { workspace = workspace.Value, owner, leaseSeconds = leaseFor.TotalSeconds, everySeconds = every.TotalSeconds }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return row;
    }

    /// <summary>Moves the checkpoint past one message read (only while <paramref name="owner"/> holds the lease).</summary>
    public async Task<bool> CheckpointAsync(WorkspaceId workspace, string owner, long uidValidity, long uid, bool imported, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var updated = await session.ExecuteAsync("""
            update mail_sync_settings set uid_validity = @uidValidity, last_uid = greatest(last_uid, @uid),
                imported_count = imported_count + case when @imported then 1 else 0 end
            where workspace_id = @workspace and lease_owner = @owner
            """, new { workspace = workspace.Value, owner, uidValidity, uid, imported }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return updated == 1;
    }

    /// <summary>The folder was recreated (a new UIDVALIDITY): its UIDs start again.</summary>
    public async Task ResetCheckpointAsync(WorkspaceId workspace, string owner, long uidValidity, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync(
            "update mail_sync_settings set uid_validity = @uidValidity, last_uid = 0 where workspace_id = @workspace and lease_owner = @owner",
            new { workspace = workspace.Value, owner, uidValidity }, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    /// <summary>Ends a poll: its time and error (null when it went well) for the health view, and the lease released.</summary>
    public async Task FinishPollAsync(WorkspaceId workspace, string owner, string? error, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync("""
            update mail_sync_settings set last_poll_at = now(), last_error = @error, lease_owner = null, lease_until = null
            where workspace_id = @workspace and lease_owner = @owner
            """, new { workspace = workspace.Value, owner, error }, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }
}
