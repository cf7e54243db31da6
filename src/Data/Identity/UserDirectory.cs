using Dapper;
using Npgsql;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Identity;

public sealed record UserRow(
    Guid Id,
    Guid WorkspaceId,
    string Email,
    string? PasswordHash,
    string FirstName,
    string LastName,
    string? AvatarUrl,
    string Timezone,
    string Language,
    string Role,
    string Status,
    DateTimeOffset? LastLogin,
    int FailedLogins,
    DateTimeOffset? LockedUntil,
    string? MfaSecret,
    bool MfaEnabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record NewUser(Guid WorkspaceId, string Email, string? PasswordHash, string FirstName, string LastName, string Role, string Status);

public sealed record UserChanges(string? FirstName, string? LastName, string? AvatarUrl, string? Timezone, string? Language, string? Role, string? Status);

/// <summary>Team members. Found by email at sign-in (before a workspace is known); otherwise always by workspace.</summary>
public sealed class UserDirectory(CrmDatabase database)
{
    private const string Columns = """
        id, workspace_id, email, password_hash, first_name, last_name, avatar_url, timezone, language, role, status,
        last_login, failed_logins, locked_until, mfa_secret, mfa_enabled, created_at, updated_at
        """;

    /// <returns>The new user, or null when the email is taken (in any workspace).</returns>
    public async Task<UserRow?> CreateAsync(NewUser user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        try
        {
            return await connection.QuerySingleAsync<UserRow>(new CommandDefinition($"""
                insert into users (id, workspace_id, email, password_hash, first_name, last_name, role, status)
                values (@id, @WorkspaceId, @Email, @PasswordHash, @FirstName, @LastName, @Role, @Status)
                returning {Columns}
                """, new { id = Guid.CreateVersion7(), user.WorkspaceId, user.Email, user.PasswordHash, user.FirstName, user.LastName, user.Role, user.Status },
                cancellationToken: cancellationToken));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return null;
        }
    }

    public async Task<UserRow?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"select {Columns} from users where lower(email) = lower(@email)", new { email }, cancellationToken: cancellationToken));
    }

    /// <summary>A user by id, with no workspace known yet (token checks); callers compare the workspace.</summary>
    public async Task<UserRow?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"select {Columns} from users where id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<UserRow?> FindAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken = default) =>
        await FindAsync(id, cancellationToken) is { } user && user.WorkspaceId == workspaceId ? user : null;

    public async Task<IReadOnlyList<UserRow>> ListAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return (await connection.QueryAsync<UserRow>(new CommandDefinition(
            $"select {Columns} from users where workspace_id = @workspaceId order by lower(first_name), lower(last_name), lower(email)",
            new { workspaceId }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from users)", cancellationToken: cancellationToken));
    }

    public async Task<UserRow?> UpdateAsync(Guid workspaceId, Guid id, UserChanges changes, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition($"""
            update users set
                first_name = coalesce(@FirstName, first_name), last_name = coalesce(@LastName, last_name),
                avatar_url = case when @AvatarUrl is null then avatar_url when @AvatarUrl = '' then null else @AvatarUrl end,
                timezone = coalesce(@Timezone, timezone), language = coalesce(@Language, language),
                role = coalesce(@Role, role), status = coalesce(@Status, status), updated_at = now()
            where workspace_id = @workspaceId and id = @id
            returning {Columns}
            """, new { workspaceId, id, changes.FirstName, changes.LastName, changes.AvatarUrl, changes.Timezone, changes.Language, changes.Role, changes.Status },
            cancellationToken: cancellationToken));
    }

    public async Task SetPasswordAsync(Guid id, string passwordHash, bool activate, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            update users set password_hash = @passwordHash, failed_logins = 0, locked_until = null, updated_at = now(),
                status = case when @activate and status = 'invited' then 'active' else status end
            where id = @id
            """, new { id, passwordHash, activate }, cancellationToken: cancellationToken));
    }

    /// <summary>Counts a failed sign-in and, past the threshold, locks the account until the given time.</summary>
    public async Task<UserRow> RecordFailedLoginAsync(Guid id, Func<int, DateTimeOffset?> lockUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        var failures = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "update users set failed_logins = failed_logins + 1 where id = @id returning failed_logins", new { id }, cancellationToken: cancellationToken));
        return await connection.QuerySingleAsync<UserRow>(new CommandDefinition(
            $"update users set locked_until = @until where id = @id returning {Columns}", new { id, until = lockUntil(failures) }, cancellationToken: cancellationToken));
    }

    public async Task RecordLoginAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update users set failed_logins = 0, locked_until = null, last_login = now() where id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task SetMfaAsync(Guid id, string? protectedSecret, bool enabled, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update users set mfa_secret = @protectedSecret, mfa_enabled = @enabled, updated_at = now() where id = @id",
            new { id, protectedSecret, enabled }, cancellationToken: cancellationToken));
    }

    /// <summary>Replaces the user's recovery codes with these (bcrypt hashes).</summary>
    public async Task ReplaceRecoveryCodesAsync(Guid userId, IReadOnlyList<string> codeHashes, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("delete from mfa_recovery_codes where user_id = @userId", new { userId }, transaction);
        await connection.ExecuteAsync("insert into mfa_recovery_codes (user_id, code_hash) select @userId, unnest(@codeHashes)",
            new { userId, codeHashes = codeHashes.ToArray() }, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Spends the first unused recovery code that <paramref name="matches"/>; false when none does.</summary>
    public async Task<bool> SpendRecoveryCodeAsync(Guid userId, Func<string, bool> matches, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        var hashes = await connection.QueryAsync<string>(new CommandDefinition(
            "select code_hash from mfa_recovery_codes where user_id = @userId and used_at is null", new { userId }, cancellationToken: cancellationToken));
        var hit = hashes.FirstOrDefault(matches);
        return hit is not null && await connection.ExecuteAsync(new CommandDefinition(
            "update mfa_recovery_codes set used_at = now() where user_id = @userId and code_hash = @hit and used_at is null",
            new { userId, hit }, cancellationToken: cancellationToken)) == 1;
    }
}
