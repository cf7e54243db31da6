using Dapper;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Identity;

/// <summary>A key's row (a class, not a positional record: Dapper reads text[] only into properties).</summary>
public sealed class ApiKeyRow
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public string Name { get; init; } = "";
    public string Prefix { get; init; } = "";
    public string[] Scopes { get; init; } = [];
    public Guid? CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
}

/// <summary>Integration keys, stored as SHA-256 hashes (the key is random, so a fast hash is enough).</summary>
public sealed class ApiKeyStore(CrmDatabase database)
{
    private const string Columns = "id, workspace_id, name, prefix, scopes, created_by, created_at, last_used_at, revoked_at";

    public async Task<ApiKeyRow> CreateAsync(Guid workspaceId, string name, string prefix, byte[] keyHash, IReadOnlyList<string> scopes, Guid? createdBy, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.QuerySingleAsync<ApiKeyRow>(new CommandDefinition($"""
            insert into api_keys (id, workspace_id, name, prefix, key_hash, scopes, created_by)
            values (@id, @workspaceId, @name, @prefix, @keyHash, @scopes, @createdBy)
            returning {Columns}
            """, new { id = Guid.CreateVersion7(), workspaceId, name, prefix, keyHash, scopes = scopes.ToArray(), createdBy }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return (await connection.QueryAsync<ApiKeyRow>(new CommandDefinition(
            $"select {Columns} from api_keys where workspace_id = @workspaceId order by created_at desc", new { workspaceId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The live key with this hash, marking it used (at most once a minute, to keep reads cheap).</summary>
    public async Task<ApiKeyRow?> UseAsync(byte[] keyHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        var key = await connection.QuerySingleOrDefaultAsync<ApiKeyRow>(new CommandDefinition(
            $"select {Columns} from api_keys where key_hash = @keyHash and revoked_at is null", new { keyHash }, cancellationToken: cancellationToken));
        if (key is not null && (key.LastUsedAt is null || key.LastUsedAt < DateTimeOffset.UtcNow.AddMinutes(-1)))
        {
            await connection.ExecuteAsync(new CommandDefinition("update api_keys set last_used_at = now() where id = @id", new { id = key.Id }, cancellationToken: cancellationToken));
        }

        return key;
    }

    public async Task<bool> RevokeAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update api_keys set revoked_at = coalesce(revoked_at, now()) where workspace_id = @workspaceId and id = @id",
            new { workspaceId, id }, cancellationToken: cancellationToken)) == 1;
    }
}
