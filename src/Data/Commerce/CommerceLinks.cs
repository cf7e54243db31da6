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

/// <summary>One link for <see cref="CommerceLinks.SetManyAsync"/>.</summary>
public sealed record LinkWrite(Guid ShopId, string Kind, string ExternalId, Guid LocalId, DateTimeOffset? SourceUpdatedAt, SourceMoney? Money);

public sealed class CommerceLinks : IAsyncDisposable
{
    private readonly CrmDatabase database;

    /// <summary>Links written outside another change (a shop customer's), committed in groups.</summary>
    private readonly GroupCommit<LinkWrite, bool> linkWriter;

    /// <summary>First-time buyers' lookups, read in groups (one statement for all buyers asked about at once, no linger).</summary>
    private readonly GroupCommit<BuyerLookup, (CommerceLink? Link, Guid? Found)> buyerResolver;

    public CommerceLinks(CrmDatabase database)
    {
        this.database = database;
        linkWriter = new(database, async (session, links, ct) =>
        {
            await SetManyAsync(session, links, ct);
            return links.Select(_ => true).ToList();
        });
        buyerResolver = new(database, ResolveManyAsync, linger: TimeSpan.Zero);
    }

    public async ValueTask DisposeAsync()
    {
        await linkWriter.DisposeAsync();
        await buyerResolver.DisposeAsync();
    }

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

    public Task SetAsync(WorkspaceId workspace, Guid shopId, string kind, string externalId, Guid localId, DateTimeOffset? sourceUpdatedAt, CancellationToken cancellationToken = default) =>
        linkWriter.WriteAsync(workspace, new LinkWrite(shopId, kind, externalId, localId, sourceUpdatedAt, null), cancellationToken);

    /// <summary>Records the link; a newer source time never goes back to an older one.</summary>
    internal static Task SetAsync(WorkspaceSession session, Guid shopId, string kind, string externalId, Guid localId, DateTimeOffset? sourceUpdatedAt, SourceMoney? money, CancellationToken cancellationToken) =>
        SetManyAsync(session, [new LinkWrite(shopId, kind, externalId, localId, sourceUpdatedAt, money)], cancellationToken);

    /// <summary>Many links with one statement, a newer source time never going back to an older one.</summary>
    internal static Task SetManyAsync(WorkspaceSession session, IReadOnlyList<LinkWrite> links, CancellationToken cancellationToken) =>
        links.Count == 0 ? Task.CompletedTask : session.ExecuteAsync("""
            insert into commerce_links (workspace_id, shop_id, kind, external_id, local_id, source_updated_at,
                shop_currency, shop_total, presentment_currency, presentment_total)
            select @workspace, shop_id, kind, external_id, local_id, source_updated_at, shop_currency, shop_total, presentment_currency, presentment_total
            from jsonb_to_recordset(@rows::jsonb) as r(shop_id uuid, kind text, external_id text, local_id uuid, source_updated_at timestamptz,
                shop_currency text, shop_total numeric, presentment_currency text, presentment_total numeric)
            on conflict (workspace_id, shop_id, kind, external_id) do update set
                local_id = excluded.local_id,
                source_updated_at = greatest(commerce_links.source_updated_at, excluded.source_updated_at),
                shop_currency = coalesce(excluded.shop_currency, commerce_links.shop_currency),
                shop_total = coalesce(excluded.shop_total, commerce_links.shop_total),
                presentment_currency = coalesce(excluded.presentment_currency, commerce_links.presentment_currency),
                presentment_total = coalesce(excluded.presentment_total, commerce_links.presentment_total)
            """, new
        {
            workspace = session.Workspace.Value,
            rows = System.Text.Json.JsonSerializer.Serialize(links.Select(l => new
            {
                l.ShopId, l.Kind, l.ExternalId, l.LocalId, l.SourceUpdatedAt,
                ShopCurrency = l.Money?.ShopCurrency, ShopTotal = l.Money?.ShopTotal,
                PresentmentCurrency = l.Money?.PresentmentCurrency, PresentmentTotal = l.Money?.PresentmentTotal,
            }), Domain.Customers.CrmJson.Options),
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

    /// <summary>
    /// A shop customer's link and, in the same round trip, the customer that already holds its external id or email
    /// (what <see cref="FindCustomerAsync"/> answers) — a first-time buyer needs both.
    /// </summary>
    public Task<(CommerceLink? Link, Guid? Found)> ResolveCustomerAsync(WorkspaceId workspace, Guid shopId, string externalId, string source, string sourceExternalId,
        string? email, CancellationToken cancellationToken = default) =>
        buyerResolver.WriteAsync(workspace, new BuyerLookup(shopId, externalId, source, sourceExternalId, email), cancellationToken);

    private static async Task<IReadOnlyList<(CommerceLink? Link, Guid? Found)>> ResolveManyAsync(WorkspaceSession session, IReadOnlyList<BuyerLookup> lookups,
        CancellationToken cancellationToken)
    {
        var rows = (await session.QueryAsync<(long N, Guid? LocalId, DateTimeOffset? SourceUpdatedAt, Guid? Found)>(ResolveBuyersSql, new
        {
            workspace = session.Workspace.Value,
            shopIds = lookups.Select(l => l.ShopId).ToArray(),
            externalIds = lookups.Select(l => l.ExternalId).ToArray(),
            sources = lookups.Select(l => l.Source).ToArray(),
            sourceExternalIds = lookups.Select(l => l.SourceExternalId).ToArray(),
            emails = lookups.Select(l => l.Email).ToArray(),
        }, cancellationToken)).ToDictionary(r => r.N);
        return lookups.Select((_, i) => rows[i + 1] is var row && row.LocalId is { } id
            ? (new CommerceLink { LocalId = id, SourceUpdatedAt = row.SourceUpdatedAt }, row.Found)
            : ((CommerceLink?)null, rows[i + 1].Found)).ToList();
    }

    private sealed record BuyerLookup(Guid ShopId, string ExternalId, string Source, string SourceExternalId, string? Email);

    /// <summary>The customer that already holds this external id, or has this email, in the workspace.</summary>
    public async Task<Guid?> FindCustomerAsync(WorkspaceId workspace, string source, string externalId, string? email, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await session.QuerySingleOrDefaultAsync<Guid?>(FindCustomerSql, new { workspace = workspace.Value, source, externalId, email }, cancellationToken);
    }

    // Emails are compared through customers.email_key, never lower(email): under row-level security an expression with
    // lower() on the table's column cannot use an index, and each lookup would read every customer of the workspace.

    /// <summary>Parameters: workspace, source, externalId, email.</summary>
    public const string FindCustomerSql = """
        select coalesce(
            (select customer_id from customer_external_ids where workspace_id = @workspace and source = @source and external_id = @externalId),
            (select id from customers where workspace_id = @workspace and email_key = lower(@email)))
        """;

    /// <summary>Parameters: workspace and the arrays shopIds, externalIds, sources, sourceExternalIds, emails (one element per buyer).</summary>
    public const string ResolveBuyersSql = """
        select r.n, l.local_id, l.source_updated_at, coalesce(
            (select customer_id from customer_external_ids x where x.workspace_id = @workspace and x.source = r.source and x.external_id = r.source_external_id),
            (select id from customers c where c.workspace_id = @workspace and c.email_key = lower(r.email)))
        from unnest(@shopIds, @externalIds, @sources, @sourceExternalIds, @emails) with ordinality as r(shop_id, external_id, source, source_external_id, email, n)
        left join commerce_links l on l.workspace_id = @workspace and l.shop_id = r.shop_id and l.kind = 'customer' and l.external_id = r.external_id
        """;

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
