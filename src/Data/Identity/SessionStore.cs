using Dapper;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Identity;

public sealed record SessionRow(Guid Id, Guid UserId, Guid WorkspaceId, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, DateTimeOffset ExpiresAt, string? UserAgent, string? Ip);

/// <summary>What presenting a refresh token led to.</summary>
public enum RefreshOutcome
{
    Rotated,
    Unknown,
    Expired,
    /// <summary>The token was already spent: it was copied. The whole session is now revoked.</summary>
    Reused,
}

/// <summary>
/// Sessions as refresh-token families. Tokens are random, stored only as SHA-256 hashes, and single use: a
/// refresh spends one and issues the next inside one transaction (row lock on the token), so two racing
/// refreshes cannot both succeed.
/// </summary>
public sealed class SessionStore(CrmDatabase database)
{
    public async Task<SessionRow> StartAsync(Guid userId, Guid workspaceId, byte[] firstTokenHash, TimeSpan lifetime, string? userAgent, string? ip, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var session = await connection.QuerySingleAsync<SessionRow>("""
            insert into user_sessions (id, user_id, workspace_id, expires_at, user_agent, ip)
            values (@id, @userId, @workspaceId, now() + @lifetime, left(@userAgent, 300), @ip)
            returning id, user_id, workspace_id, created_at, last_used_at, expires_at, user_agent, ip
            """, new { id = Guid.CreateVersion7(), userId, workspaceId, lifetime, userAgent, ip }, transaction);
        await connection.ExecuteAsync("insert into refresh_tokens (token_hash, session_id) values (@firstTokenHash, @id)",
            new { firstTokenHash, id = session.Id }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return session;
    }

    public async Task<(RefreshOutcome Outcome, SessionRow? Session)> RotateAsync(byte[] presentedHash, byte[] nextHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var token = await connection.QuerySingleOrDefaultAsync<(Guid SessionId, DateTimeOffset? SpentAt)?>(
            "select session_id, spent_at from refresh_tokens where token_hash = @presentedHash for update", new { presentedHash }, transaction);
        if (token is null)
        {
            return (RefreshOutcome.Unknown, null);
        }

        var session = await connection.QuerySingleOrDefaultAsync<SessionRow>("""
            select id, user_id, workspace_id, created_at, last_used_at, expires_at, user_agent, ip
            from user_sessions where id = @id and revoked_at is null
            """, new { id = token.Value.SessionId }, transaction);
        if (token.Value.SpentAt is not null)
        {
            await connection.ExecuteAsync("update user_sessions set revoked_at = now(), revoked_why = 'refresh token reused' where id = @id and revoked_at is null",
                new { id = token.Value.SessionId }, transaction);
            await transaction.CommitAsync(cancellationToken);
            return (RefreshOutcome.Reused, null);
        }

        if (session is null || session.ExpiresAt <= DateTimeOffset.UtcNow)
        {
            return (RefreshOutcome.Expired, null);
        }

        await connection.ExecuteAsync("update refresh_tokens set spent_at = now() where token_hash = @presentedHash", new { presentedHash }, transaction);
        await connection.ExecuteAsync("insert into refresh_tokens (token_hash, session_id) values (@nextHash, @id)", new { nextHash, id = session.Id }, transaction);
        await connection.ExecuteAsync("update user_sessions set last_used_at = now() where id = @id", new { id = session.Id }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return (RefreshOutcome.Rotated, session);
    }

    public async Task<bool> IsActiveAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from user_sessions where id = @sessionId and revoked_at is null and expires_at > now())",
            new { sessionId }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<SessionRow>> ListActiveAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return (await connection.QueryAsync<SessionRow>(new CommandDefinition("""
            select id, user_id, workspace_id, created_at, last_used_at, expires_at, user_agent, ip
            from user_sessions where user_id = @userId and revoked_at is null and expires_at > now()
            order by last_used_at desc
            """, new { userId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Revokes one session of the user (false when it is not theirs or already gone).</summary>
    public async Task<bool> RevokeAsync(Guid userId, Guid sessionId, string why, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update user_sessions set revoked_at = now(), revoked_why = @why where id = @sessionId and user_id = @userId and revoked_at is null",
            new { userId, sessionId, why }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Revokes every session of the user except <paramref name="keep"/>.</summary>
    public async Task<int> RevokeAllAsync(Guid userId, string why, Guid? keep = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update user_sessions set revoked_at = now(), revoked_why = @why where user_id = @userId and revoked_at is null and id is distinct from @keep",
            new { userId, why, keep }, cancellationToken: cancellationToken));
    }

    /// <summary>Revokes the user's sessions in one workspace (a role change or deactivation there leaves their other workspaces alone).</summary>
    public async Task<int> RevokeAllInWorkspaceAsync(Guid userId, Guid workspaceId, string why, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update user_sessions set revoked_at = now(), revoked_why = @why where user_id = @userId and workspace_id = @workspaceId and revoked_at is null",
            new { userId, workspaceId, why }, cancellationToken: cancellationToken));
    }

    /// <summary>The session a refresh token belongs to, if the token is current (for sign-out).</summary>
    public async Task<Guid?> SessionOfAsync(byte[] tokenHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "select session_id from refresh_tokens where token_hash = @tokenHash", new { tokenHash }, cancellationToken: cancellationToken));
    }
}
