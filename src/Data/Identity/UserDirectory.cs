using Dapper;
using Npgsql;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Contracts.Common;

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

/// <summary>A workspace the account belongs to (active memberships only), for the workspace switcher.</summary>
public sealed record Membership(Guid WorkspaceId, string Slug, string Name, string Role, DateTimeOffset? LastUsedAt);

public sealed record NewWorkspace(string Slug, string Name, string Timezone, string Currency);

/// <summary>What asking a workspace to invite an email led to.</summary>
public enum InvitationOutcome
{
    Invited,
    AlreadyMember,
}

/// <summary>
/// Accounts (<c>users</c>: email, password, MFA, lockout; global) and their memberships (<c>workspace_members</c>:
/// role, status and the name a workspace's team sees; row-level security). A <see cref="UserRow"/> is an account
/// seen through one membership. Found by email at sign-in (before a workspace is known, landing in the last used
/// workspace); otherwise always by workspace.
/// </summary>
public sealed class UserDirectory(CrmDatabase database)
{
    private const string Columns = """
        u.id, m.workspace_id, coalesce(case when m.status = 'invited' then m.invited_email end, u.email) as email, u.password_hash, m.first_name, m.last_name, u.avatar_url, u.timezone, u.language, m.role, m.status,
        m.last_login, u.failed_logins, u.locked_until, u.mfa_secret, u.mfa_enabled, m.created_at, u.updated_at
        """;

    private const string FromAccountAndMembership = "from users u join workspace_members m on m.user_id = u.id";

    /// <summary>The membership sign-in lands in: active first, then the most recently used, then the oldest.</summary>
    private const string Landing = "order by (m.status = 'active') desc, m.last_used_at desc nulls last, m.created_at limit 1";

    /// <summary>A new account with its first membership.</summary>
    /// <returns>The new user, or null when the email already has an account.</returns>
    public async Task<UserRow?> CreateAsync(NewUser user, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(new WorkspaceId(user.WorkspaceId), cancellationToken);
        var id = await InsertAccountAsync(session, user.Email, user.PasswordHash, cancellationToken);
        if (id is null)
        {
            return null;
        }

        await InsertMembershipAsync(session, id.Value, user.Role, user.Status, user.FirstName, user.LastName, cancellationToken);
        var row = await FindInAsync(session, id.Value, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return row;
    }

    /// <summary>
    /// Invites an email into a workspace: a new account without a password when the email has none, else a new
    /// membership of the existing account. Either way the membership is <c>invited</c> with the names given here, so
    /// the inviting team learns nothing about accounts elsewhere.
    /// </summary>
    public async Task<(InvitationOutcome Outcome, UserRow? User)> InviteAsync(
        WorkspaceId workspace, string email, string firstName, string lastName, string role, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync("insert into users (id, email) values (@id, @email) on conflict ((lower(email))) do nothing",
            new { id = Guid.CreateVersion7(), email }, cancellationToken);
        var id = await session.QuerySingleOrDefaultAsync<Guid>("select id from users where lower(email) = lower(@email)", new { email }, cancellationToken);
        if (!await InsertMembershipAsync(session, id, role, "invited", firstName, lastName, cancellationToken, invitedEmail: email))
        {
            return (InvitationOutcome.AlreadyMember, null);
        }

        var row = await FindInAsync(session, id, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return (InvitationOutcome.Invited, row);
    }

    /// <summary>
    /// A new workspace with its first admin, in one transaction: a new account (<paramref name="accountId"/> null; null
    /// answer when the email already has one) or an existing account that adds a workspace to its list.
    /// </summary>
    public async Task<UserRow?> CreateWorkspaceAsync(NewWorkspace workspace, Guid? accountId, string email, string? passwordHash,
        string firstName, string lastName, CancellationToken cancellationToken = default)
    {
        // One transaction: the workspace row (not tenant data itself) is written in the new workspace's own scope.
        var workspaceId = Guid.CreateVersion7();
        await using var session = await database.BeginAsync(new WorkspaceId(workspaceId), cancellationToken);
        await session.ExecuteAsync("insert into workspaces (id, slug, name, timezone, currency) values (@workspaceId, @Slug, @Name, @Timezone, @Currency)",
            new { workspaceId, workspace.Slug, workspace.Name, workspace.Timezone, workspace.Currency }, cancellationToken);
        var id = accountId ?? await InsertAccountAsync(session, email, passwordHash, cancellationToken);
        if (id is null)
        {
            return null; // rolled back: nothing written
        }

        await InsertMembershipAsync(session, id.Value, "admin", "active", firstName, lastName, cancellationToken);
        var row = await FindInAsync(session, id.Value, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return row;
    }

    public async Task<UserRow?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        var id = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "select id from users where lower(email) = lower(@email)", new { email }, cancellationToken: cancellationToken));
        return id is { } found ? await FindAsync(found, cancellationToken) : null;
    }

    /// <summary>An account by id, with no workspace known yet (MFA step, reset links): seen through the membership sign-in lands in.</summary>
    public async Task<UserRow?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        await InAccountScopeAsync(id, (connection, transaction) => connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"select {Columns} {FromAccountAndMembership} where u.id = @id {Landing}", new { id }, transaction, cancellationToken: cancellationToken)),
            cancellationToken);

    /// <summary>The account seen through its membership of this workspace; null when it is not a member.</summary>
    public async Task<UserRow?> FindAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(new WorkspaceId(workspaceId), cancellationToken);
        return await FindInAsync(session, id, cancellationToken);
    }

    /// <summary>The workspaces the account is an active member of, most recently used first.</summary>
    public async Task<IReadOnlyList<Membership>> MembershipsAsync(Guid id, CancellationToken cancellationToken = default) =>
        await InAccountScopeAsync(id, async (connection, transaction) => (await connection.QueryAsync<Membership>(new CommandDefinition("""
            select m.workspace_id, w.slug, w.name, m.role, m.last_used_at
            from workspace_members m join workspaces w on w.id = m.workspace_id
            where m.user_id = @id and m.status = 'active'
            order by m.last_used_at desc nulls last, lower(w.name), w.id
            """, new { id }, transaction, cancellationToken: cancellationToken))).ToList(), cancellationToken);

    public async Task<IReadOnlyList<UserRow>> ListAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(new WorkspaceId(workspaceId), cancellationToken);
        return (await session.QueryAsync<UserRow>(
            $"select {Columns} {FromAccountAndMembership} where m.workspace_id = @workspaceId order by lower(m.first_name), lower(m.last_name), lower(u.email)",
            new { workspaceId }, cancellationToken)).ToList();
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from users)", cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Role, status and names change the membership of this workspace only; avatar, time zone and language are the
    /// person's own (only their profile edit passes them). Null when the account is not a member here.
    /// </summary>
    public async Task<UserRow?> UpdateAsync(Guid workspaceId, Guid id, UserChanges changes, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(new WorkspaceId(workspaceId), cancellationToken);
        var member = await session.ExecuteAsync("""
            update workspace_members set
                first_name = coalesce(@FirstName, first_name), last_name = coalesce(@LastName, last_name),
                role = coalesce(@Role, role), status = coalesce(@Status, status), updated_at = now()
            where workspace_id = @workspaceId and user_id = @id
            """, new { workspaceId, id, changes.FirstName, changes.LastName, changes.Role, changes.Status }, cancellationToken);
        if (member == 0)
        {
            return null;
        }

        if (changes.AvatarUrl is not null || changes.Timezone is not null || changes.Language is not null)
        {
            await session.ExecuteAsync("""
                update users set
                    avatar_url = case when @AvatarUrl is null then avatar_url when @AvatarUrl = '' then null else @AvatarUrl end,
                    timezone = coalesce(@Timezone, timezone), language = coalesce(@Language, language), updated_at = now()
                where id = @id
                """, new { id, changes.AvatarUrl, changes.Timezone, changes.Language }, cancellationToken);
        }

        var row = await FindInAsync(session, id, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return row;
    }

    /// <summary>An accepted invitation: the membership becomes active (an inactive one stays inactive).</summary>
    public async Task<UserRow?> ActivateAsync(Guid workspaceId, Guid id, string? firstName, string? lastName, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(new WorkspaceId(workspaceId), cancellationToken);
        await session.ExecuteAsync("""
            update workspace_members set status = 'active', updated_at = now(),
                first_name = coalesce(@firstName, first_name), last_name = coalesce(@lastName, last_name)
            where workspace_id = @workspaceId and user_id = @id and status = 'invited'
            """, new { workspaceId, id, firstName, lastName }, cancellationToken);
        var row = await FindInAsync(session, id, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return row;
    }

    /// <summary>Signed in or switched into this workspace: it is where the next sign-in lands.</summary>
    public async Task MarkUsedAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(new WorkspaceId(workspaceId), cancellationToken);
        await session.ExecuteAsync("update workspace_members set last_login = now(), last_used_at = now() where workspace_id = @workspaceId and user_id = @id",
            new { workspaceId, id }, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    private static async Task<UserRow?> FindInAsync(WorkspaceSession session, Guid id, CancellationToken cancellationToken) =>
        await session.QuerySingleOrDefaultAsync<UserRow>(
            $"select {Columns} {FromAccountAndMembership} where m.workspace_id = @workspace and u.id = @id",
            new { workspace = session.Workspace.Value, id }, cancellationToken);

    private static async Task<Guid?> InsertAccountAsync(WorkspaceSession session, string email, string? passwordHash, CancellationToken cancellationToken) =>
        await session.QuerySingleOrDefaultAsync<Guid?>("""
            insert into users (id, email, password_hash) values (@id, @email, @passwordHash)
            on conflict ((lower(email))) do nothing returning id
            """, new { id = Guid.CreateVersion7(), email, passwordHash }, cancellationToken);

    /// <returns>False when the account is already a member of the session's workspace.</returns>
    private static async Task<bool> InsertMembershipAsync(
        WorkspaceSession session, Guid id, string role, string status, string firstName, string lastName, CancellationToken cancellationToken, string? invitedEmail = null) =>
        await session.ExecuteAsync("""
            insert into workspace_members (workspace_id, user_id, role, status, first_name, last_name, invited_email)
            values (@workspace, @id, @role, @status, @firstName, @lastName, @invitedEmail)
            on conflict (workspace_id, user_id) do nothing
            """, new { workspace = session.Workspace.Value, id, role, status, firstName, lastName, invitedEmail }, cancellationToken) == 1;

    /// <summary>A transaction that row-level security lets read this account's memberships (and no one else's).</summary>
    private async Task<T> InAccountScopeAsync<T>(Guid accountId, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("select set_config('crm.account_id', @account, true)",
            new { account = accountId.ToString() }, transaction, cancellationToken: cancellationToken));
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public async Task SetPasswordAsync(Guid id, string passwordHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            update users set password_hash = @passwordHash, failed_logins = 0, locked_until = null, updated_at = now()
            where id = @id
            """, new { id, passwordHash }, cancellationToken: cancellationToken));
    }

    /// <summary>Counts a failed sign-in and, past the threshold, locks the account until the given time.</summary>
    public async Task<UserRow> RecordFailedLoginAsync(Guid id, Func<int, DateTimeOffset?> lockUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        var failures = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "update users set failed_logins = failed_logins + 1 where id = @id returning failed_logins", new { id }, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "update users set locked_until = @until where id = @id", new { id, until = lockUntil(failures) }, cancellationToken: cancellationToken));
        return (await FindAsync(id, cancellationToken))!;
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
