using Dapper;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Data.Workspaces;

public sealed record Workspace(Guid Id, string Slug, string Name, bool RequireMfa = false, string Timezone = "UTC", string Currency = "EUR")
{
    public WorkspaceId WorkspaceId => new(Id);
}

/// <summary>The list of workspaces (tenants). The only table read without a workspace scope.</summary>
public sealed class WorkspaceDirectory(CrmDatabase database)
{
    private const string Columns = "id, slug, name, require_mfa, timezone, currency";

    public async Task<Workspace> EnsureAsync(string slug, string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into workspaces (id, slug, name) values (@id, @slug, @name) on conflict (slug) do nothing",
            new { id = Guid.NewGuid(), slug, name }, cancellationToken: cancellationToken));
        return (await FindAsync(slug, cancellationToken))!;
    }

    /// <param name="slugOrId">A workspace's slug or its UUID.</param>
    public async Task<Workspace?> FindAsync(string slugOrId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return Guid.TryParse(slugOrId, out var id)
            ? await connection.QuerySingleOrDefaultAsync<Workspace>(new CommandDefinition(
                $"select {Columns} from workspaces where id = @id", new { id }, cancellationToken: cancellationToken))
            : await connection.QuerySingleOrDefaultAsync<Workspace>(new CommandDefinition(
                $"select {Columns} from workspaces where slug = @slug", new { slug = slugOrId }, cancellationToken: cancellationToken));
    }

    public async Task<bool> RequiresMfaAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select require_mfa from workspaces where id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Changes what is given (null leaves a setting as it is).</summary>
    public async Task<Workspace?> UpdateAsync(Guid id, string? name, bool? requireMfa, string? timezone = null, string? currency = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Workspace>(new CommandDefinition($"""
            update workspaces set name = coalesce(@name, name), require_mfa = coalesce(@requireMfa, require_mfa),
                timezone = coalesce(@timezone, timezone), currency = coalesce(@currency, currency)
            where id = @id returning {Columns}
            """, new { id, name, requireMfa, timezone, currency }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<Workspace>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return (await connection.QueryAsync<Workspace>(new CommandDefinition(
            $"select {Columns} from workspaces order by slug", cancellationToken: cancellationToken))).ToList();
    }
}
