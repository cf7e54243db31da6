using Dapper;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Identity;

/// <summary>Password-reset and invitation tokens: stored as hashes, single use, expiring.</summary>
public sealed class OneTimeTokens(CrmDatabase database)
{
    public const string PasswordReset = "password_reset";
    public const string Invitation = "invitation";

    /// <param name="workspaceId">For an invitation: the workspace it is to.</param>
    public async Task IssueAsync(byte[] tokenHash, string purpose, Guid userId, TimeSpan lifetime, CancellationToken cancellationToken = default, Guid? workspaceId = null)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into one_time_tokens (token_hash, purpose, user_id, expires_at, workspace_id) values (@tokenHash, @purpose, @userId, now() + @lifetime, @workspaceId)",
            new { tokenHash, purpose, userId, lifetime, workspaceId }, cancellationToken: cancellationToken));
    }

    /// <summary>The account and workspace of a live invitation, without spending it.</summary>
    public async Task<(Guid UserId, Guid WorkspaceId)?> PeekInvitationAsync(byte[] tokenHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<(Guid, Guid)?>(new CommandDefinition("""
            select user_id, workspace_id from one_time_tokens
            where token_hash = @tokenHash and purpose = 'invitation' and workspace_id is not null and used_at is null and expires_at > now()
            """, new { tokenHash }, cancellationToken: cancellationToken));
    }

    /// <summary>The user of a live token, without spending it (to check a new password against the account first).</summary>
    public async Task<Guid?> PeekAsync(byte[] tokenHash, string purpose, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "select user_id from one_time_tokens where token_hash = @tokenHash and purpose = @purpose and used_at is null and expires_at > now()",
            new { tokenHash, purpose }, cancellationToken: cancellationToken));
    }

    /// <summary>Spends the token if it is unused, unexpired and for this purpose; returns its user, else null.</summary>
    public async Task<Guid?> SpendAsync(byte[] tokenHash, string purpose, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition("""
            update one_time_tokens set used_at = now()
            where token_hash = @tokenHash and purpose = @purpose and used_at is null and expires_at > now()
            returning user_id
            """, new { tokenHash, purpose }, cancellationToken: cancellationToken));
    }
}
