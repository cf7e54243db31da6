using Npgsql;
using SimpleCrm.Data.Changes;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Data.Products;

public sealed record Product(Guid Id, string Sku, string Name, decimal Price, string Currency, DateTime CreatedAt);

/// <summary>What one customer bought, per product, across their orders (cancelled orders left out).</summary>
public sealed record ProductPurchase(string ProductId, string ProductName, string? Sku, long Quantity, long Orders, string Currency, decimal Spent, DateTime LastPurchasedAt);

/// <summary>
/// The small product catalog. Products are reference data edited by people, with no live state or
/// concurrent writers to serialize, so they are written here directly (with their audit row), not by a grain.
/// </summary>
public sealed class ProductStore(CrmDatabase database)
{
    public async Task<IReadOnlyList<Product>> ListAsync(WorkspaceId workspace, string? search, int limit, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<Product>("""
            select id, sku, name, price, currency, created_at as CreatedAt from products
            where workspace_id = @workspace and (@search::text is null or crm_fold(name) like '%' || crm_fold(@search) || '%' or sku ilike @search || '%')
            order by name limit @limit
            """, new { workspace = workspace.Value, search, limit }, cancellationToken)).ToList();
    }

    /// <returns>false when the SKU is taken.</returns>
    public async Task<bool> InsertAsync(WorkspaceId workspace, Product product, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        try
        {
            await session.ExecuteAsync(
                "insert into products (workspace_id, id, sku, name, price, currency, created_at) values (@workspace, @Id, @Sku, @Name, @Price, @Currency, @CreatedAt)",
                new { workspace = workspace.Value, product.Id, product.Sku, product.Name, product.Price, product.Currency, product.CreatedAt }, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return false;
        }

        await ChangeJournal.AppendAsync(session, context, "product", product.Id, "create", null, product, "product.created", product, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<ProductPurchase>> PurchasesAsync(WorkspaceId workspace, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<ProductPurchase>("""
            select i.product_id as ProductId, max(i.product_name) as ProductName, max(i.sku) as Sku, sum(i.quantity) as Quantity,
                   count(distinct o.id) as Orders, o.currency as Currency, sum(i.total_price) as Spent, max(o.ordered_at) as LastPurchasedAt
            from orders o join order_items i on i.workspace_id = o.workspace_id and i.order_id = o.id
            where o.workspace_id = @workspace and o.customer_id = @customerId and o.status <> 'cancelled'
            group by i.product_id, o.currency
            order by max(o.ordered_at) desc
            limit 500
            """, new { workspace = workspace.Value, customerId }, cancellationToken)).ToList();
    }
}
