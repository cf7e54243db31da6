using Dapper;
using SimpleCrm.Data.Customers;
using SimpleCrm.Data.Lists;
using SimpleCrm.Grains.Common;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Customers;

/// <summary>
/// Every way <see cref="SearchPlan"/> can run a search gives the same rows as the obvious query: a common term
/// (more matches than <see cref="SearchPlan.RareMatches"/>) walked in index order, a rare one collected, and
/// either combined with other filters or sorts. customer_search follows every change to a customer.
/// </summary>
public sealed class SearchPlanTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private WorkspaceId workspace;
    private CustomerQueries queries = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        workspace = (await database.CreateWorkspaceAsync("search-plan")).WorkspaceId;
        queries = new CustomerQueries(database.Database);
        // 2,600 customers named "Commonname" (a common term) with a few "Raremann" among them, spread over
        // time and two countries.
        await using var session = await database.Database.BeginAsync(workspace);
        await session.ExecuteAsync("""
            insert into customers (workspace_id, id, first_name, last_name, email, country_code, timezone, language, currency, status, created_at, updated_at, version)
            select @workspace, gen_random_uuid(), 'Kunde' || n, case when n % 500 = 0 then 'Raremann' else 'Commonname' end,
                   'k' || n || '@example.com', case when n % 2 = 0 then 'DE' else 'FR' end, 'UTC', 'de', 'EUR', 'active',
                   now() - make_interval(mins => (n * 7919) % 5000), now(), 1
            from generate_series(1, 2600) as n
            """, new { workspace = workspace.Value });
        await session.CommitAsync();
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Theory]
    [InlineData("commonname", null, false, SearchPlan.WindowSize)]
    [InlineData("commonname", "DE", false, SearchPlan.WindowSize)]
    [InlineData("commonname", null, true, SearchPlan.WindowSize)]
    [InlineData("raremann", null, false, SearchPlan.WindowSize)]
    [InlineData("raremann", "FR", true, SearchPlan.WindowSize)]
    [InlineData("ku", null, false, SearchPlan.WindowSize)]
    // A window smaller than the workspace: pages it fills come from it, the rest from the other plans.
    [InlineData("commonname", null, false, 900)]
    [InlineData("ku", null, false, 900)]
    [InlineData("raremann", null, false, 900)]
    [InlineData("kunde26", null, false, 900)]
    // No run of three letters or digits: the trigram index cannot narrow it, so no probe.
    [InlineData("e.c", null, false, 900)]
    [InlineData("e.c", "DE", false, SearchPlan.WindowSize)]
    [InlineData("k1@", null, false, 900)]
    public async Task Every_plan_pages_through_exactly_the_matching_customers_in_order(string term, string? country, bool byFirstName, int window)
    {
        var queries = new CustomerQueries(database.Database) { SearchWindow = window };
        var filter = new CustomerFilter { Search = term, Countries = country is null ? [] : [country] };
        IReadOnlyList<SortTerm> sort = byFirstName
            ? [new(CustomerQueries.Sortable["first_name"], Descending: false)]
            : CustomerQueries.DefaultSort;

        var seen = new List<Guid>();
        IReadOnlyList<string>? cursor = null;
        do
        {
            var page = await queries.ListAsync(workspace, filter, sort, new PageRequest(400, cursor, 0, IncludeTotal: cursor is null));
            if (cursor is null)
            {
                Assert.Equal(await ExpectedAsync(term, country, byFirstName, count: true), [page.Total!.Value]);
            }

            seen.AddRange(page.Items.Select(c => c.Id));
            cursor = KeysetPage.TryDecode(page.NextCursor, out var next) ? next : null;
        }
        while (cursor is not null);

        Assert.Equal((await ExpectedAsync(term, country, byFirstName)).Cast<Guid>(), seen);
    }

    [Fact]
    public async Task Search_follows_renames_and_deletes()
    {
        await using (var session = await database.Database.BeginAsync(workspace))
        {
            await session.ExecuteAsync("update customers set last_name = 'Überraschung' where email = 'k500@example.com'");
            await session.ExecuteAsync("delete from customers where email = 'k1000@example.com'");
            await session.CommitAsync();
        }

        var renamed = await queries.ListAsync(workspace, new CustomerFilter { Search = "uberrasch" }, CustomerQueries.DefaultSort, new PageRequest(10, null, 0, false));
        Assert.Equal(["k500@example.com"], renamed.Items.Select(c => c.Profile.Email));
        var rare = await queries.ListAsync(workspace, new CustomerFilter { Search = "raremann" }, CustomerQueries.DefaultSort, new PageRequest(10, null, 0, false));
        Assert.DoesNotContain(rare.Items, c => c.Profile.Email is "k500@example.com" or "k1000@example.com");
        Assert.Equal(3, rare.Items.Count);
    }

    private async Task<IReadOnlyList<object>> ExpectedAsync(string term, string? country, bool byFirstName, bool count = false)
    {
        await using var session = await database.Database.BeginAsync(workspace);
        var where = """
            from customers where case when length(@term) >= 3 then search_text like '%' || @term || '%'
                else crm_fold(first_name) like @term || '%' or crm_fold(last_name) like @term || '%' or crm_fold(last_name || first_name) like @term || '%' end
            and (@country::text is null or country_code = @country)
            """;
        if (count)
        {
            return [await session.QuerySingleOrDefaultAsync<long>("select count(*) " + where, new { term, country })];
        }

        var order = byFirstName ? "first_name, id" : "created_at desc, id desc";
        return (await session.QueryAsync<Guid>($"select id {where} order by {order}", new { term, country })).Cast<object>().ToList();
    }
}
