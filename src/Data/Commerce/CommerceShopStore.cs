using Dapper;
using Npgsql;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Commerce;

/// <summary>A connected shop as stored: secrets stay protected (encrypted) here; only the API unprotects them.</summary>
public sealed record CommerceShop
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public string Platform { get; init; } = "";
    public string Domain { get; init; } = "";
    public string SourceKey { get; init; } = "";
    public string WebhookSecretProtected { get; init; } = "";
    public string? AccessTokenProtected { get; init; }
    public string? ConsumerKeyProtected { get; init; }
    public string? ConsumerSecretProtected { get; init; }
    public string Status { get; init; } = "connected";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DisconnectedAt { get; init; }
}

/// <summary>Per shop: how many webhooks arrived, were applied, wait, or failed for good, and when the last arrived.</summary>
public sealed record ShopInboxCounts
{
    public Guid ShopId { get; init; }
    public long Received { get; init; }
    public long Processed { get; init; }
    public long Pending { get; init; }
    public long Dead { get; init; }
    public DateTimeOffset? LastReceivedAt { get; init; }
}

/// <summary>Where a webhook goes: found by its shop's domain or id before any workspace is known.</summary>
public sealed record ShopRoute
{
    public Guid ShopId { get; init; }
    public Guid WorkspaceId { get; init; }
}

public sealed class CommerceShopStore(CrmDatabase database)
{
    private const string Columns = """
        id, workspace_id, platform, domain, source_key, webhook_secret_protected, access_token_protected,
        consumer_key_protected, consumer_secret_protected, status, created_at, disconnected_at
        """;

    public static bool IsDomainTaken(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: "commerce_shop_routes" };

    /// <summary>Stores the shop and its route in one transaction; the customer id source key is the platform's name, numbered from the second shop on.</summary>
    public async Task<CommerceShop> InsertAsync(WorkspaceId workspace, CommerceShop shop, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var taken = (await session.QueryAsync<string>(
            "select source_key from commerce_shops where workspace_id = @workspace and platform = @Platform",
            new { workspace = workspace.Value, shop.Platform }, cancellationToken)).ToHashSet();
        var sourceKey = shop.Platform;
        for (var n = 2; taken.Contains(sourceKey); n++)
        {
            sourceKey = $"{shop.Platform}_{n}";
        }

        var stored = shop with { SourceKey = sourceKey, WorkspaceId = workspace.Value };
        await session.ExecuteAsync($"""
            insert into commerce_shops ({Columns})
            values (@Id, @WorkspaceId, @Platform, @Domain, @SourceKey, @WebhookSecretProtected, @AccessTokenProtected,
                    @ConsumerKeyProtected, @ConsumerSecretProtected, @Status, @CreatedAt, @DisconnectedAt)
            """, stored, cancellationToken);
        await session.ExecuteAsync(
            "insert into commerce_shop_routes (shop_id, workspace_id, platform, domain) values (@Id, @WorkspaceId, @Platform, @Domain)",
            stored, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>
    /// The ingestion API's source of this name (platform 'api', domain and source key = the name), made on first use.
    /// Null when the name is already another shop's source key.
    /// </summary>
    public async Task<CommerceShop?> EnsureApiSourceAsync(WorkspaceId workspace, string name, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync($"""
            insert into commerce_shops ({Columns})
            values (@id, @workspace, 'api', @name, @name, '', null, null, null, 'connected', now(), null)
            on conflict (workspace_id, source_key) do nothing
            """, new { id = Guid.CreateVersion7(), workspace = workspace.Value, name }, cancellationToken);
        var shop = await session.QuerySingleOrDefaultAsync<CommerceShop>(
            $"select {Columns} from commerce_shops where workspace_id = @workspace and source_key = @name",
            new { workspace = workspace.Value, name }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return shop?.Platform == "api" ? shop : null;
    }

    public async Task<IReadOnlyList<CommerceShop>> ListAsync(WorkspaceId workspace, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<CommerceShop>(
            $"select {Columns} from commerce_shops where workspace_id = @workspace order by created_at, id",
            new { workspace = workspace.Value }, cancellationToken)).ToList();
    }

    public async Task<CommerceShop?> GetAsync(WorkspaceId workspace, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await session.QuerySingleOrDefaultAsync<CommerceShop>(
            $"select {Columns} from commerce_shops where workspace_id = @workspace and id = @id",
            new { workspace = workspace.Value, id }, cancellationToken);
    }

    /// <summary>Deletes the shop with its route, inbox and links; the customers, orders and products it fed stay.</summary>
    public async Task<bool> DeleteAsync(WorkspaceId workspace, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var deleted = await session.ExecuteAsync(
            "delete from commerce_shops where workspace_id = @workspace and id = @id", new { workspace = workspace.Value, id }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return deleted == 1;
    }

    /// <summary>The shop uninstalled the app: its webhooks stop, except the privacy ones that may still come.</summary>
    public async Task DisconnectAsync(WorkspaceId workspace, Guid id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync(
            "update commerce_shops set status = 'disconnected', disconnected_at = @at where workspace_id = @workspace and id = @id and status = 'connected'",
            new { workspace = workspace.Value, id, at }, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ShopInboxCounts>> CountsAsync(WorkspaceId workspace, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return (await connection.QueryAsync<ShopInboxCounts>(new CommandDefinition("""
            select shop_id as ShopId, count(*) as Received,
                   count(*) filter (where status = 'processed') as Processed,
                   count(*) filter (where status = 'pending') as Pending,
                   count(*) filter (where status = 'dead') as Dead,
                   max(received_at) as LastReceivedAt
            from commerce_inbox where workspace_id = @workspace group by shop_id
            """, new { workspace = workspace.Value }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<ShopRoute?> RouteByDomainAsync(string platform, string domain, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ShopRoute>(new CommandDefinition(
            "select shop_id as ShopId, workspace_id as WorkspaceId from commerce_shop_routes where platform = @platform and domain = @domain",
            new { platform, domain }, cancellationToken: cancellationToken));
    }

    public async Task<ShopRoute?> RouteByIdAsync(string platform, Guid shopId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ShopRoute>(new CommandDefinition(
            "select shop_id as ShopId, workspace_id as WorkspaceId from commerce_shop_routes where platform = @platform and shop_id = @shopId",
            new { platform, shopId }, cancellationToken: cancellationToken));
    }
}
