using Dapper;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Commerce;

/// <summary>A public app installed (again) on a shop this workspace already had: new token and secret, connected again.</summary>
public sealed class ShopifyInstallStore(CrmDatabase database)
{
    /// <returns>The shop's id, or null when this workspace never had the shop.</returns>
    public async Task<Guid?> ReconnectAsync(WorkspaceId workspace, string domain, string accessTokenProtected, string webhookSecretProtected, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var id = await session.QuerySingleOrDefaultAsync<Guid?>("""
            update commerce_shops set access_token_protected = @accessTokenProtected, webhook_secret_protected = @webhookSecretProtected,
                status = 'connected', disconnected_at = null
            where workspace_id = @workspace and platform = 'shopify' and domain = @domain
            returning id
            """, new { workspace = workspace.Value, domain, accessTokenProtected, webhookSecretProtected }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return id;
    }
}
