using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Text;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Analytics;
using SimpleCrm.Data.Analytics;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Analytics;

/// <summary>
/// <c>customer_revenue_bounds</c> equals a recomputation from orders after every kind of write, and top customers found
/// by walking candidates in the order of that bound equal top customers grouped from every order in the window, on a
/// generated population whose customers tie on revenue and on order count.
/// </summary>
public sealed class TopCustomersBoundTests(ApiFixture api) : WorkspaceTest(api, "topbound")
{
    /// <summary>Walk from the first round on, whatever the window holds, in rounds small enough to need several.</summary>
    private static readonly TopCustomersBound Walk = new(0, 1, int.MaxValue / 4);

    /// <summary>Never walk: the statement over every order in the window.</summary>
    private static readonly TopCustomersBound AllOrders = new(int.MaxValue, 1, 0);

    private static readonly (string Zone, string From, string To)[] Ranges =
    [
        ("Europe/Berlin", "2026-10-19", "2026-11-11"),
        ("America/New_York", "2026-10-25", "2026-11-03"),
        ("Asia/Kolkata", "2026-10-21", "2026-10-28"),
        ("UTC", "2026-10-22", "2026-10-22"),
        ("UTC", "2026-12-01", "2026-12-31"),
    ];

    private GeneratedPopulation Population => new(Api.Database.Database, Admin.Workspace, 20261208);

    [Fact]
    public async Task The_bounds_equal_a_recomputation_from_orders_after_inserts_refunds_moves_erasure_and_deletes()
    {
        var population = Population;
        var customers = await population.CustomersAsync(120);
        var orders = await population.OrdersAsync(customers, 700);
        await AssertBoundsEqualOrdersAsync();

        var parameters = new { workspace = Admin.Workspace.Value, some = orders[..50], more = orders[50..90], moved = orders[90..120], gone = orders[120..160], to = customers[^1] };
        await population.ExecuteAsync("update orders set status = 'cancelled' where workspace_id = @workspace and id = any(@some)", parameters);
        await population.ExecuteAsync("update orders set status = 'delivered', refunded_amount = total_amount / 2, refunded_amount_usd = coalesce(total_amount_usd / 2, 0) where workspace_id = @workspace and id = any(@more)", parameters);
        await population.ExecuteAsync("update orders set customer_id = @to, ordered_at = ordered_at - interval '2 days' where workspace_id = @workspace and id = any(@moved)", parameters);
        await population.ExecuteAsync("update orders set notes = 'touched' where workspace_id = @workspace", parameters);
        await population.ExecuteAsync("delete from orders where workspace_id = @workspace and id = any(@gone)", parameters);
        await AssertBoundsEqualOrdersAsync();

        // A customer whose every order goes keeps no row.
        await population.ExecuteAsync("delete from orders where workspace_id = @workspace and customer_id = @to", parameters);
        Assert.Empty(await population.QueryAsync("select customer_id::text from customer_revenue_bounds where workspace_id = @workspace and customer_id = @to", parameters));
        await AssertBoundsEqualOrdersAsync();

        // Through the API: an order, a refund, then the customer's erasure.
        var customer = await Crm.CreateCustomerAsync($"erase-{Guid.NewGuid():N}@bound.test", "EUR", "AT");
        var id = customer.GetProperty("id").GetGuid();
        var order = (await Crm.CreateOrderAsync(id, $"B-{Guid.NewGuid():N}", "EUR", 80m, status: "delivered")).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await Crm.RefundAsync(order, 30m)).StatusCode);
        await AssertBoundsEqualOrdersAsync();
        var email = customer.GetProperty("email").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await Http.PostJsonAsync($"/api/v1/customers/{id}/erase", new { confirm = email.ToUpperInvariant() })).StatusCode);
        await AssertBoundsEqualOrdersAsync();
    }

    [Fact]
    public async Task Top_customers_walked_by_the_bound_equal_top_customers_from_every_order_in_the_window()
    {
        var population = Population;
        var customers = await population.CustomersAsync(400);
        await population.OrdersAsync(customers, 2500);
        await AssertBoundsEqualOrdersAsync();

        var queries = Api.Node.Services.GetRequiredService<AnalyticsQueries>();
        var compared = 0;
        foreach (var (zone, from, to) in Ranges)
        {
            var window = Window(zone, from, to);
            foreach (var byOrderCount in new[] { false, true })
            {
                foreach (var limit in new[] { 1, 7, 25, 1000 })
                {
                    var expected = await queries.TopCustomersAsync(Admin.Workspace, window, byOrderCount, limit, AllOrders);
                    Assert.Equal(expected, await queries.TopCustomersAsync(Admin.Workspace, window, byOrderCount, limit, Walk));
                    Assert.Equal(expected, await queries.TopCustomersAsync(Admin.Workspace, window, byOrderCount, limit));
                    compared += expected.Count;
                }
            }
        }

        Assert.True(compared > 1000, $"only {compared} rows compared");
    }

    [Fact]
    public async Task Customers_tied_on_the_bound_are_all_looked_at_before_the_top_is_settled()
    {
        // Thirty customers with three orders each in one day, each spending a different amount: tied on the order-count
        // bound, which orders them by id, not by what decides between them (revenue).
        var customers = await Population.CustomersAsync(30);
        await Population.ExecuteAsync("""
            insert into orders (workspace_id, id, customer_id, order_number, status, payment_status, currency, subtotal_amount, total_amount,
                                total_amount_usd, shipping_country, source, ordered_at, created_at, updated_at, version)
            select @workspace, gen_random_uuid(), c.id, 'TIE-' || gen_random_uuid(), 'delivered', 'paid', 'USD', x.amount, x.amount,
                   x.amount, 'DE', 'api', x.at, x.at, x.at, 1
            from unnest(@customers) with ordinality as c(id, n)
            cross join generate_series(1, 3) as k
            cross join lateral (select (10 + 7 * c.n + k)::numeric as amount, timestamptz '2026-10-21 12:00Z' + k * interval '1 hour' as at) x
            """, new { workspace = Admin.Workspace.Value, customers });

        var queries = Api.Node.Services.GetRequiredService<AnalyticsQueries>();
        var window = Window("UTC", "2026-10-21", "2026-10-21");
        foreach (var limit in new[] { 1, 3, 10 })
        {
            var expected = await queries.TopCustomersAsync(Admin.Workspace, window, true, limit, AllOrders);
            Assert.Equal(limit, expected.Count);
            Assert.Equal(expected, await queries.TopCustomersAsync(Admin.Workspace, window, true, limit, Walk));
        }
    }

    /// <summary>Every customer's row equals their revenue orders' count and non-negative USD sum; no row without orders.</summary>
    private async Task AssertBoundsEqualOrdersAsync()
    {
        var parameters = new { workspace = Admin.Workspace.Value };
        var bounds = await Population.QueryAsync("""
            select concat_ws(' ', customer_id, orders, revenue_usd_bound) from customer_revenue_bounds where workspace_id = @workspace order by 1
            """, parameters);
        var recomputed = await Population.QueryAsync("""
            select concat_ws(' ', customer_id, count(*), sum(greatest(coalesce(total_amount_usd - refunded_amount_usd, 0), 0))::numeric(20, 4))
            from orders where workspace_id = @workspace and status not in ('cancelled', 'refunded') group by customer_id order by 1
            """, parameters);
        Assert.NotEmpty(recomputed);
        Assert.Equal(recomputed, bounds);
    }

    private ReportWindow Window(string zone, string from, string to) =>
        new ReportRequest(LocalDatePattern.Iso.Parse(from).Value, LocalDatePattern.Iso.Parse(to).Value, zone, false)
            .Window(new Caller(Admin.Workspace, Admin.Id, null, null, Roles.Admin, new HashSet<Permission>()));
}
