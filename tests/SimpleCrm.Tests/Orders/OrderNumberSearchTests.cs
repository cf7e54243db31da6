using Dapper;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Lists;
using SimpleCrm.Data.Orders;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Orders;

/// <summary>
/// Orders found by a fragment of their number go through order_number_search, which follows every insert, renumbering
/// and delete of an order, and whose trigram index is used under row-level security (on orders it could not be).
/// </summary>
public sealed class OrderNumberSearchTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private WorkspaceId workspace;
    private WorkspaceId other;

    private const int Orders = 5_000;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        workspace = (await database.CreateWorkspaceAsync("order-search")).WorkspaceId;
        other = (await database.CreateWorkspaceAsync("order-search-other")).WorkspaceId;
        foreach (var w in new[] { workspace, other })
        {
            await using var session = await database.Database.BeginAsync(w);
            await session.ExecuteAsync("""
                insert into customers (workspace_id, id, first_name, last_name, email, country_code, timezone, language, currency, status, created_at, updated_at, version)
                values (@workspace, gen_random_uuid(), 'Order', 'Searcher', 'searcher@example.com', 'DE', 'UTC', 'de', 'EUR', 'active', now(), now(), 1);
                insert into orders (workspace_id, id, customer_id, order_number, status, payment_status, currency, subtotal_amount, total_amount,
                                    total_amount_usd, shipping_country, source, ordered_at, created_at, updated_at, version)
                select @workspace, gen_random_uuid(), (select id from customers where workspace_id = @workspace), 'SO-' || lpad(n::text, 5, '0'),
                       'delivered', 'paid', 'EUR', 10, 10, 11, 'DE', 'api', now(), now() - n * interval '1 minute', now(), 1
                from generate_series(1, @orders) as n;
                analyze orders;
                analyze order_number_search;
                select gin_clean_pending_list('order_number_search_trgm'::regclass); -- as autovacuum does after a bulk insert
                """, new { workspace = w.Value, orders = Orders });
            await session.CommitAsync();
        }
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task A_fragment_finds_exactly_the_orders_whose_number_holds_it_after_inserts_renumbering_and_deletes()
    {
        Assert.Equal(Seeded("1234"), await NumbersAsync("1234"));
        Assert.Equal(Seeded("123"), await NumbersAsync("123")); // none of the other workspace's
        Assert.Equal(Seeded("so-1299"), await NumbersAsync("so-1299"));
        Assert.Empty(await NumbersAsync("zzz"));

        await using (var session = await database.Database.BeginAsync(workspace))
        {
            await session.ExecuteAsync("""
                update orders set order_number = 'RENUMBERED-77' where workspace_id = @w and order_number = 'SO-01234';
                update orders set order_number = '77' where workspace_id = @w and order_number = 'SO-00001';
                delete from orders where workspace_id = @w and order_number = 'SO-01235';
                """, new { w = workspace.Value });
            await session.CommitAsync();
        }

        Assert.Equal(["RENUMBERED-77"], await NumbersAsync("numbered"));
        Assert.Equal(Seeded("123").Except(["SO-01234", "SO-01235"]), await NumbersAsync("123"));
        Assert.Equal(["77"], await NumbersAsync("77")); // two characters: the exact number
    }

    /// <summary>The seeded numbers holding the fragment, newest first (SO-00001 is the newest).</summary>
    private static List<string> Seeded(string fragment) =>
        Enumerable.Range(1, Orders).Select(n => $"SO-{n:D5}").Where(number => number.Contains(fragment, StringComparison.OrdinalIgnoreCase)).ToList();

    [Fact]
    public async Task Under_row_level_security_a_fragment_uses_the_trigram_index()
    {
        await using var session = await database.Database.BeginAsync(workspace);
        Assert.False(await session.QuerySingleOrDefaultAsync<bool>("select rolsuper from pg_roles where rolname = current_user"),
            "a superuser bypasses row-level security, so the plan would prove nothing");
        await session.ExecuteAsync("set local enable_seqscan = off");
        var plan = string.Join('\n', await session.QueryAsync<string>(
            "explain select o.id from orders o where o.workspace_id = @workspace " + OrderQueries.NumberFragment,
            new { workspace = workspace.Value, searchLike = "%1234%" }));
        Assert.True(plan.Contains("order_number_search_trgm", StringComparison.Ordinal), plan);
    }

    private async Task<List<string>> NumbersAsync(string search)
    {
        var page = await new OrderQueries(database.Database).ListAsync(workspace, new OrderFilter { Search = search }, OrderQueries.DefaultSort,
            new PageRequest(1000, null, 0, IncludeTotal: false));
        return page.Items.Select(o => o.OrderNumber).ToList();
    }
}
