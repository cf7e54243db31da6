using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Changes;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Commerce;

/// <summary>A shop's id of a customer, order or product, the local row it is, and the source's updated_at last applied.</summary>
public sealed record CommerceLink
{
    public Guid LocalId { get; init; }
    public DateTimeOffset? SourceUpdatedAt { get; init; }
}

/// <summary>Totals of a shop's order in the shop's currency and in the buyer's (Shopify shop_money and presentment_money).</summary>
public sealed record SourceMoney(string? ShopCurrency, decimal? ShopTotal, string? PresentmentCurrency, decimal? PresentmentTotal);

public sealed class CommerceLinks(CrmDatabase database)
{
    public async Task<CommerceLink?> GetAsync(WorkspaceId workspace, Guid shopId, string kind, string externalId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await GetAsync(session, shopId, kind, externalId, cancellationToken);
    }

    internal static Task<CommerceLink?> GetAsync(WorkspaceSession session, Guid shopId, string kind, string externalId, CancellationToken cancellationToken) =>
        session.QuerySingleOrDefaultAsync<CommerceLink>("""
            select local_id as LocalId, source_updated_at as SourceUpdatedAt from commerce_links
            where workspace_id = @workspace and shop_id = @shopId and kind = @kind and external_id = @externalId
            """, new { workspace = session.Workspace.Value, shopId, kind, externalId }, cancellationToken);

    public async Task SetAsync(WorkspaceId workspace, Guid shopId, string kind, string externalId, Guid localId, DateTimeOffset? sourceUpdatedAt, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await SetAsync(session, shopId, kind, externalId, localId, sourceUpdatedAt, null, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    /// <summary>Records the link; a newer source time never goes back to an older one.</summary>
    internal static Task SetAsync(WorkspaceSession session, Guid shopId, string kind, string externalId, Guid localId, DateTimeOffset? sourceUpdatedAt, SourceMoney? money, CancellationToken cancellationToken) =>
        session.ExecuteAsync("""
            insert into commerce_links (workspace_id, shop_id, kind, external_id, local_id, source_updated_at,
                shop_currency, shop_total, presentment_currency, presentment_total)
            values (@workspace, @shopId, @kind, @externalId, @localId, @sourceUpdatedAt, @shopCurrency, @shopTotal, @presentmentCurrency, @presentmentTotal)
            on conflict (workspace_id, shop_id, kind, external_id) do update set
                local_id = excluded.local_id,
                source_updated_at = greatest(commerce_links.source_updated_at, excluded.source_updated_at),
                shop_currency = coalesce(excluded.shop_currency, commerce_links.shop_currency),
                shop_total = coalesce(excluded.shop_total, commerce_links.shop_total),
                presentment_currency = coalesce(excluded.presentment_currency, commerce_links.presentment_currency),
                presentment_total = coalesce(excluded.presentment_total, commerce_links.presentment_total)
            """, new
        {
            workspace = session.Workspace.Value, shopId, kind, externalId, localId, sourceUpdatedAt,
            shopCurrency = money?.ShopCurrency, shopTotal = money?.ShopTotal, presentmentCurrency = money?.PresentmentCurrency, presentmentTotal = money?.PresentmentTotal,
        }, cancellationToken);

    public async Task RemoveAsync(WorkspaceId workspace, Guid shopId, string kind, string externalId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync(
            "delete from commerce_links where workspace_id = @workspace and shop_id = @shopId and kind = @kind and external_id = @externalId",
            new { workspace = workspace.Value, shopId, kind, externalId }, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Guid>> LocalIdsAsync(WorkspaceId workspace, Guid shopId, string kind, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<Guid>(
            "select distinct local_id from commerce_links where workspace_id = @workspace and shop_id = @shopId and kind = @kind",
            new { workspace = workspace.Value, shopId, kind }, cancellationToken)).ToList();
    }

    /// <summary>The customer that already holds this external id, or has this email, in the workspace.</summary>
    public async Task<Guid?> FindCustomerAsync(WorkspaceId workspace, string source, string externalId, string? email, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await session.QuerySingleOrDefaultAsync<Guid?>("""
            select coalesce(
                (select customer_id from customer_external_ids where workspace_id = @workspace and source = @source and external_id = @externalId),
                (select id from customers where workspace_id = @workspace and lower(email) = lower(@email)))
            """, new { workspace = workspace.Value, source, externalId, email }, cancellationToken);
    }

    /// <summary>
    /// Writes a shop's product into the catalog (SKU "&lt;source&gt;-&lt;product id&gt;"), unless a newer version was already
    /// written; row, link and audit in one transaction. Products have no grain: the row lock serializes writers.
    /// </summary>
    /// <returns>false when the event was stale.</returns>
    public async Task<bool> UpsertProductAsync(WorkspaceId workspace, Guid shopId, string sourceKey, string externalId, string name, decimal price, string currency,
        DateTimeOffset? sourceUpdatedAt, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync("select pg_advisory_xact_lock(hashtextextended(@key, 0))",
            new { key = $"{workspace}/{shopId}/product/{externalId}" }, cancellationToken);
        var link = await GetAsync(session, shopId, "product", externalId, cancellationToken);
        if (link?.SourceUpdatedAt is { } held && sourceUpdatedAt is { } incoming && incoming <= held)
        {
            return false;
        }

        var id = link?.LocalId ?? Guid.CreateVersion7();
        var product = new { Id = id, Sku = $"{sourceKey}-{externalId}", Name = name, Price = price, Currency = currency };
        await session.ExecuteAsync("""
            insert into products (workspace_id, id, sku, name, price, currency, created_at)
            values (@workspace, @Id, @Sku, @Name, @Price, @Currency, now())
            on conflict (workspace_id, id) do update set name = excluded.name, price = excluded.price, currency = excluded.currency
            """, new { workspace = workspace.Value, product.Id, product.Sku, product.Name, product.Price, product.Currency }, cancellationToken);
        await SetAsync(session, shopId, "product", externalId, id, sourceUpdatedAt, null, cancellationToken);
        await ChangeJournal.AppendAsync(session, context, "product", id, link is null ? "create" : "update", null, product,
            link is null ? "product.created" : "product.updated", product, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Removes a shop's product from the catalog (order lines keep their copy of its name and price).</summary>
    public async Task DeleteProductAsync(WorkspaceId workspace, Guid shopId, string externalId, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var link = await GetAsync(session, shopId, "product", externalId, cancellationToken);
        if (link is null)
        {
            return;
        }

        await session.ExecuteAsync("delete from products where workspace_id = @workspace and id = @id", new { workspace = workspace.Value, id = link.LocalId }, cancellationToken);
        await session.ExecuteAsync(
            "delete from commerce_links where workspace_id = @workspace and shop_id = @shopId and kind = 'product' and external_id = @externalId",
            new { workspace = workspace.Value, shopId, externalId }, cancellationToken);
        await ChangeJournal.AppendAsync(session, context, "product", link.LocalId, "delete", null, null, "product.deleted", new { id = link.LocalId }, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }
}
