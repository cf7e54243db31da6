using Dapper;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Commerce;
using SimpleCrm.Data.Customers;
using SimpleCrm.Data.Email;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Customers;

/// <summary>
/// Customers are found by email case-insensitively, and under row-level security the lookup uses the email index
/// instead of reading every customer of the workspace (what lower(email) = … did: a policy keeps functions that are
/// not leakproof away from the index).
/// </summary>
public sealed class CustomerEmailLookupTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private WorkspaceId workspace;
    private Guid k1234;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        workspace = (await database.CreateWorkspaceAsync("email-lookup")).WorkspaceId;
        await using var session = await database.Database.BeginAsync(workspace);
        await session.ExecuteAsync("""
            insert into customers (workspace_id, id, first_name, last_name, email, country_code, timezone, language, currency, status, created_at, updated_at, version)
            select @workspace, gen_random_uuid(), 'Kunde' || n, 'Lookup', 'K' || n || '@Example.com', 'DE', 'UTC', 'de', 'EUR', 'active', now(), now(), 1
            from generate_series(1, 3000) as n;
            analyze customers;
            """, new { workspace = workspace.Value });
        k1234 = await session.QuerySingleOrDefaultAsync<Guid>("select id from customers where email = 'K1234@Example.com'");
        await session.CommitAsync();
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task Every_lookup_by_email_finds_the_customer_whatever_the_case()
    {
        await using var links = new CommerceLinks(database.Database);
        Assert.Equal(k1234, await links.FindCustomerAsync(workspace, "shopify:eu", "no-such-id", "k1234@EXAMPLE.COM"));
        var (link, found) = await links.ResolveCustomerAsync(workspace, Guid.NewGuid(), "no-such-id", "shopify:eu", "no-such-id", "K1234@example.COM");
        Assert.Null(link);
        Assert.Equal(k1234, found);
        Assert.Null(await links.FindCustomerAsync(workspace, "shopify:eu", "no-such-id", "k12345@example.com"));

        Assert.Equal(k1234, await new InboundMailStore(database.Database).FindCustomerByAddressAsync(workspace, "K1234@EXAMPLE.com"));
        var ids = await new CustomerQueries(database.Database).IdsByEmailAsync(workspace, ["K1234@example.com", "nobody@example.com"]);
        Assert.Equal(k1234, Assert.Single(ids).Value);
    }

    [Fact]
    public async Task Under_row_level_security_the_lookups_read_the_email_index_not_the_table()
    {
        await using (var session = await database.Database.BeginAsync(workspace))
        {
            Assert.False(await session.QuerySingleOrDefaultAsync<bool>("select rolsuper from pg_roles where rolname = current_user"),
                "a superuser bypasses row-level security, so the plan would prove nothing");
        }

        var single = await PlanAsync(CommerceLinks.FindCustomerSql, new { workspace = workspace.Value, source = "shopify:eu", externalId = "x", email = "k1234@example.com" });
        var grouped = await PlanAsync(CommerceLinks.ResolveBuyersSql, new
        {
            workspace = workspace.Value,
            shopIds = new[] { Guid.NewGuid(), Guid.NewGuid() },
            externalIds = new[] { "1", "2" },
            sources = new[] { "shopify:eu", "shopify:eu" },
            sourceExternalIds = new[] { "1", "2" },
            emails = new[] { "k1@example.com", "K2@example.com" },
        });

        foreach (var plan in new[] { single, grouped })
        {
            Assert.Contains("customers_email_uq", plan);
            Assert.DoesNotContain("Seq Scan on customers", plan);
        }
    }

    private async Task<string> PlanAsync(string sql, object parameters)
    {
        await using var session = await database.Database.BeginAsync(workspace);
        var lines = await session.QueryAsync<string>("explain " + sql, parameters);
        return string.Join('\n', lines);
    }
}
