using Dapper;
using SimpleCrm.Data.Customers;
using SimpleCrm.Data.Lists;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Grains.Common;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Grains.Customers;
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
        // 2,600 customers named "Commonname" (a common term) with 125 "Midmann" and a few "Raremann" among them,
        // spread over 240 days (eight 30-day search periods) and two countries.
        await using var session = await database.Database.BeginAsync(workspace);
        await session.ExecuteAsync("""
            insert into customers (workspace_id, id, first_name, last_name, email, country_code, timezone, language, currency, status, created_at, updated_at, version)
            select @workspace, gen_random_uuid(), 'Kunde' || n, case when n % 500 = 0 then 'Raremann' when n % 20 = 0 then 'Midmann' else 'Commonname' end,
                   'k' || n || '@example.com', case when n % 2 = 0 then 'DE' else 'FR' end, 'UTC', 'de', 'EUR', 'active',
                   now() - make_interval(mins => (n * 7919) % 345600), now(), 1
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
    // No run of three letters or digits: only padded trigrams ("  c" for "e.c"), so no probe over the workspace; the
    // newest weeks, and within a country the blocks and the probe, still narrow it.
    [InlineData("e.c", null, false, 900)]
    [InlineData("e.c", "DE", false, SearchPlan.WindowSize)]
    [InlineData("k1@", null, false, 900)]
    [InlineData("e.c", null, false, 50, 10, false)]
    [InlineData("e.c", "DE", false, 50, 10, false)]
    [InlineData("1@e", "FR", false, 50, 10, false)]
    [InlineData("1@e", "DE", false, 50, 10, false)] // none: k…1 are all in FR
    // No total wanted, small pages: the first pages come from the window or the newest periods, later ones from the
    // probe, and the hand-over between them neither skips nor repeats a customer.
    [InlineData("midmann", null, false, 900, 10, false)]
    [InlineData("midmann", null, false, 50, 10, false)]
    [InlineData("midmann", null, false, 50, 3, false)]
    [InlineData("commonname", null, false, 50, 25, false)]
    [InlineData("raremann", null, false, 50, 2, false)]
    [InlineData("kunde2", null, false, 50, 7, false)]
    // A filter that is a key (country) beside the term: the recent tries and the probe count within the filter.
    [InlineData("midmann", "DE", false, 50, 5, false)]
    [InlineData("commonname", "FR", false, 50, 25, false)]
    [InlineData("ku", "DE", false, 50, 10, false)]
    [InlineData("mi", null, false, 50, 4, false)]
    public async Task Every_plan_pages_through_exactly_the_matching_customers_in_order(
        string term, string? country, bool byFirstName, int window, int pageSize = 400, bool total = true)
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
            var page = await queries.ListAsync(workspace, filter, sort, new PageRequest(pageSize, cursor, 0, IncludeTotal: total && cursor is null));
            if (total && cursor is null)
            {
                Assert.Equal(await ExpectedAsync(term, country, byFirstName, count: true), [page.Total!.Value]);
            }

            seen.AddRange(page.Items.Select(c => c.Id));
            cursor = KeysetPage.TryDecode(page.NextCursor, out var next) ? next : null;
        }
        while (cursor is not null);

        Assert.Equal((await ExpectedAsync(term, country, byFirstName)).Cast<Guid>(), seen);
    }

    [Theory]
    [InlineData(0, 604_800, null)] // the two newest weeks
    [InlineData(1, 4_838_400, null)] // the two newest eight-week blocks
    [InlineData(0, 604_800, "DE")] // the keys per period and country
    [InlineData(1, 4_838_400, "DE")] // (every Midmann is in DE)
    public async Task Each_recent_try_holds_exactly_the_matches_since_the_period_before_the_newest_customers(int attempt, int periodSeconds, string? country)
    {
        await using var session = await database.Database.BeginAsync(workspace);
        var filter = new CustomerFilter { Search = "Midmann", Countries = country is null ? [] : [country] };
        var recent = await SearchPlan.RecentAsync(session, filter, CustomerQueries.DefaultSort, totalWanted: false, CancellationToken.None);

        Assert.Equal(2, recent.Count);
        var found = await session.QueryAsync<Guid>($"select c.id {recent[attempt].FromWhere}", recent[attempt].Parameters);
        var expected = await session.QueryAsync<Guid>("""
            select id from customers
            where last_name = 'Midmann' and (@country::text is null or country_code = @country)
              and floor(extract(epoch from created_at) / @periodSeconds) >= (select floor(extract(epoch from max(created_at)) / @periodSeconds) - 1 from customers)
            """, new { periodSeconds, country });
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(), found.Order());
    }

    [Fact]
    public async Task Recent_tries_are_only_for_newest_first_searches_without_a_total()
    {
        await using var session = await database.Database.BeginAsync(workspace);
        Task<IReadOnlyList<SearchPlan.Walk>> Tries(CustomerFilter filter, bool totalWanted = false) =>
            SearchPlan.RecentAsync(session, filter, CustomerQueries.DefaultSort, totalWanted, CancellationToken.None);

        Assert.Equal(2, (await Tries(new CustomerFilter { Search = "mi", Countries = ["DE"], Statuses = [CustomerStatus.Vip], Tags = ["x"] })).Count);
        // Padded trigrams only: thousands of candidates in two blocks, so the blocks only within a selective key.
        Assert.Single(await Tries(new CustomerFilter { Search = "e.c" }));
        Assert.Single(await Tries(new CustomerFilter { Search = "e.c", Statuses = [CustomerStatus.Active] }));
        Assert.Equal(2, (await Tries(new CustomerFilter { Search = "e.c", Countries = ["DE"] })).Count);
        Assert.Equal(2, (await Tries(new CustomerFilter { Search = "e.c", LifetimeValueUsdAtLeast = 5 })).Count);
        Assert.Empty(await Tries(new CustomerFilter { Search = "a--" }));
        Assert.Empty(await Tries(new CustomerFilter { Search = "Midmann" }, totalWanted: true));
        // A filter that is not a key is tested on the matches' customers.
        Assert.Equal(2, (await Tries(new CustomerFilter { Search = "Midmann", LifetimeValueUsdAtLeast = 5 })).Count);
        Assert.Empty(await SearchPlan.RecentAsync(session, new CustomerFilter { Search = "Midmann" }, [new(CustomerQueries.Sortable["last_name"], Descending: false)], false, CancellationToken.None));
    }

    /// <summary>
    /// Status, tags, owner and country are keys of customer_search that follow each change of the customer (the
    /// trigger of migration 0012; per period and country, migration 0014); a search narrowed by them, or by filters
    /// that are not keys (amounts), pages through exactly the rows of the obvious query.
    /// </summary>
    [Fact]
    public async Task Search_within_keys_and_other_filters_follows_changes_and_pages_exactly()
    {
        var owner = Guid.NewGuid();
        // One statement per column, so each column's change must reach customer_search on its own.
        await ChangeNumberedCustomersAsync(new { owner },
            "status = 'vip' where n % 3 = 0",
            "tags = array['vip', 'eu'] where n % 7 = 0",
            "owner_id = @owner where n % 4 in (1, 2)",
            "country_code = 'AT' where n % 11 = 0",
            "lifetime_value_usd = n % 300 where true");

        var filters = new (CustomerFilter Filter, string Sql)[]
        {
            (new CustomerFilter { Search = "midmann", Statuses = [CustomerStatus.Vip] }, "status = 'vip'"),
            (new CustomerFilter { Search = "commonname", Tags = ["vip", "eu"] }, "tags @> array['vip', 'eu']"),
            (new CustomerFilter { Search = "kunde1", VisibleToOwner = owner }, "owner_id = @owner"),
            (new CustomerFilter { Search = "ku", OwnerId = owner, Countries = ["FR"] }, "owner_id = @owner and country_code = 'FR'"),
            (new CustomerFilter { Search = "commonname", OwnerId = owner, Statuses = [CustomerStatus.Vip, CustomerStatus.Active] }, "owner_id = @owner and status in ('vip', 'active')"),
            (new CustomerFilter { Search = "midmann", Countries = ["AT"] }, "country_code = 'AT'"),
            // Filters that are not keys, alone and beside keys.
            (new CustomerFilter { Search = "midmann", LifetimeValueUsdAtLeast = 150 }, "lifetime_value_usd >= 150"),
            (new CustomerFilter { Search = "ku", LifetimeValueUsdAtLeast = 250, Countries = ["DE"] }, "lifetime_value_usd >= 250 and country_code = 'DE'"),
            (new CustomerFilter { Search = "e.c", LifetimeValueUsdAtMost = 20, Statuses = [CustomerStatus.Vip] }, "lifetime_value_usd <= 20 and status = 'vip'"),
            (new CustomerFilter { Search = "kunde", Countries = ["AT", "FR"], Tags = ["vip"] }, "country_code in ('AT', 'FR') and tags @> array['vip']"),
        };
        foreach (var (filter, sql) in filters)
        {
            var queries = new CustomerQueries(database.Database) { SearchWindow = 50 };
            var seen = new List<Guid>();
            IReadOnlyList<string>? cursor = null;
            do
            {
                var page = await queries.ListAsync(workspace, filter, CustomerQueries.DefaultSort, new PageRequest(6, cursor, 0, IncludeTotal: false));
                seen.AddRange(page.Items.Select(c => c.Id));
                cursor = KeysetPage.TryDecode(page.NextCursor, out var next) ? next : null;
            }
            while (cursor is not null);

            await using var session = await database.Database.BeginAsync(workspace);
            var term = filter.Search!;
            var expected = await session.QueryAsync<Guid>($"""
                select id from customers
                where case when length(@term) >= 3 then search_text like '%' || @term || '%'
                      else crm_fold(first_name) like @term || '%' or crm_fold(last_name) like @term || '%' end
                  and {sql}
                order by created_at desc, id desc
                """, new { term, owner });
            Assert.True(expected.Any(), $"no rows for {sql}: the case tests nothing");
            Assert.Equal(expected, seen);
        }
    }

    /// <summary>
    /// Lifetime value and order count are bucket keys of customer_search (migration 0036) that follow each change of
    /// the amounts, by bucket; a search filtered by them (what segments filter by), alone or beside other keys, pages
    /// through exactly the rows of the obvious query, whichever plan runs it: recent tries, rare candidates, or the
    /// semi-join for a dense combination.
    /// </summary>
    [Fact]
    public async Task Search_with_amount_filters_follows_changes_and_pages_exactly()
    {
        // Separate statements, so that each amount's own change must reach customer_search; the second round moves
        // some customers across buckets after their keys were first set.
        await ChangeNumberedCustomersAsync(null,
            "lifetime_value_usd = (n * 37) % 3000 + 0.5 where true",
            "total_orders = n % 23 where true",
            "lifetime_value_usd = lifetime_value_usd + 1500 where n % 13 = 0",
            "total_orders = 40 where n % 17 = 0",
            "status = 'vip' where n % 3 = 0");

        var filters = new (CustomerFilter Filter, string Sql)[]
        {
            (new CustomerFilter { Search = "midmann", LifetimeValueUsdAtLeast = 1500 }, "lifetime_value_usd >= 1500"),
            (new CustomerFilter { Search = "commonname", LifetimeValueUsdAtLeast = 2950 }, "lifetime_value_usd >= 2950"),
            (new CustomerFilter { Search = "commonname", LifetimeValueUsdAtLeast = 5 }, "lifetime_value_usd >= 5"),
            (new CustomerFilter { Search = "commonname", LifetimeValueUsdAtMost = 20 }, "lifetime_value_usd <= 20"),
            (new CustomerFilter { Search = "commonname", LifetimeValueUsdAtLeast = 100, LifetimeValueUsdAtMost = 150.5m }, "lifetime_value_usd between 100 and 150.5"),
            (new CustomerFilter { Search = "ku", OrdersAtLeast = 22 }, "total_orders >= 22"),
            (new CustomerFilter { Search = "commonname", OrdersAtLeast = 40 }, "total_orders >= 40"),
            (new CustomerFilter { Search = "kunde", OrdersAtLeast = 11, Countries = ["DE"] }, "total_orders >= 11 and country_code = 'DE'"),
            (new CustomerFilter { Search = "e.c", LifetimeValueUsdAtLeast = 2000, Statuses = [CustomerStatus.Vip] }, "lifetime_value_usd >= 2000 and status = 'vip'"),
            (new CustomerFilter { Search = "kunde1", LifetimeValueUsdAtLeast = 1000, OrdersAtLeast = 5 }, "lifetime_value_usd >= 1000 and total_orders >= 5"),
        };
        // Creation ranges: narrowed to their eight-week blocks, tested exactly.
        var (after, before) = (DateTimeOffset.UtcNow.AddDays(-100), DateTimeOffset.UtcNow.AddDays(-90));
        filters =
        [
            .. filters,
            (new CustomerFilter { Search = "commonname", CreatedBefore = before }, "created_at < @before"),
            (new CustomerFilter { Search = "midmann", CreatedAfter = after }, "created_at > @after"),
            (new CustomerFilter { Search = "commonname", CreatedAfter = after, CreatedBefore = before }, "created_at > @after and created_at < @before"),
            (new CustomerFilter { Search = "kunde", CreatedAfter = after, CreatedBefore = before, LifetimeValueUsdAtLeast = 1000 }, "created_at > @after and created_at < @before and lifetime_value_usd >= 1000"),
        ];
        foreach (var (filter, sql) in filters)
        {
            Assert.Equal(await ExpectedWithAsync(filter.Search!, sql, new { after, before }), await AllPagesAsync(filter, pageSize: 6));
        }

        Assert.Empty(await AllPagesAsync(new CustomerFilter { Search = "commonname", CreatedAfter = DateTimeOffset.UtcNow.AddYears(1) }, pageSize: 6));

        // Bounds that leave nobody: no page, no error.
        Assert.Empty(await AllPagesAsync(new CustomerFilter { Search = "commonname", LifetimeValueUsdAtLeast = 500, LifetimeValueUsdAtMost = 100 }, pageSize: 6));
        Assert.Empty(await AllPagesAsync(new CustomerFilter { Search = "commonname", LifetimeValueUsdAtLeast = 1e20m }, pageSize: 6));
    }

    /// <summary>
    /// A custom field's value is a key of customer_search (migration 0040, a hash of field and value) that follows each
    /// change of the custom fields; a search filtered by one pages through exactly the rows of the obvious query, for a
    /// rare value (probe), a common one (candidates sorted newest first, tested on their customers), a number compared
    /// as text, a long or accented value (the key computed alike here and in the database) and a value nobody has.
    /// </summary>
    [Fact]
    public async Task Search_with_custom_field_filters_follows_changes_and_pages_exactly()
    {
        var longValue = new string('x', 400) + "é";
        await ChangeNumberedCustomersAsync(new { longValue },
            "custom_fields = jsonb_build_object('plan', case when n % 20 = 3 then 'gold' when n % 20 = 4 then 'silver' else 'free' end, 'seats', n % 5) where true",
            "custom_fields = custom_fields || jsonb_build_object('Größe', 'groß', 'note', @longValue::text) where n % 9 = 0",
            "custom_fields = custom_fields || '{\"plan\": \"platinum\"}' where n % 11 = 0",
            "lifetime_value_usd = (n * 37) % 3000 + 0.5 where true");

        var filters = new (CustomerFilter Filter, string Sql)[]
        {
            (Custom("commonname", ("plan", "gold")), "custom_fields ->> 'plan' = 'gold'"),
            (Custom("e.c", ("plan", "free")), "custom_fields ->> 'plan' = 'free'"),
            (Custom("commonname", ("plan", "platinum")), "custom_fields ->> 'plan' = 'platinum'"),
            (Custom("kunde", ("seats", "3")), "custom_fields ->> 'seats' = '3'"),
            (Custom("midmann", ("Größe", "groß")), "custom_fields ->> 'Größe' = 'groß'"),
            (Custom("e.c", ("note", longValue)), "custom_fields ->> 'note' = @longValue"),
            (Custom("e.c", ("plan", "free"), ("seats", "0")), "custom_fields ->> 'plan' = 'free' and custom_fields ->> 'seats' = '0'"),
            (Custom("commonname", ("plan", "free")) with { LifetimeValueUsdAtLeast = 1500 }, "custom_fields ->> 'plan' = 'free' and lifetime_value_usd >= 1500"),
            (Custom("ku", ("plan", "silver")) with { Countries = ["DE"] }, "custom_fields ->> 'plan' = 'silver' and country_code = 'DE'"),
        };
        foreach (var (filter, sql) in filters)
        {
            Assert.Equal(await ExpectedWithAsync(filter.Search!, sql, new { longValue }), await AllPagesAsync(filter, pageSize: 7));
        }

        Assert.Empty(await AllPagesAsync(Custom("commonname", ("plan", "diamond")), pageSize: 7));
        Assert.Empty(await AllPagesAsync(Custom("commonname", ("plan", "gold"), ("plan2", "gold")), pageSize: 7));

        static CustomerFilter Custom(string search, params (string Field, string Value)[] fields) =>
            new() { Search = search, CustomFields = fields.ToDictionary(f => f.Field, f => f.Value) };
    }

    /// <summary>
    /// A common term within keys that are supersets of the filter (an amount's buckets, a creation range's blocks, a
    /// custom field's value) is answered by its candidates sorted newest first and tested on their customers, not by
    /// the semi-join that walks every customer newest first.
    /// </summary>
    [Fact]
    public async Task A_common_term_within_superset_keys_runs_on_its_sorted_candidates()
    {
        await using var session = await database.Database.BeginAsync(workspace);
        await session.ExecuteAsync("update customers set lifetime_value_usd = 50, total_orders = 3, custom_fields = '{\"plan\": \"gold\"}'");
        foreach (var filter in new[]
        {
            new CustomerFilter { Search = "commonname", LifetimeValueUsdAtLeast = 10 },
            new CustomerFilter { Search = "commonname", OrdersAtLeast = 2 },
            new CustomerFilter { Search = "commonname", CreatedBefore = DateTimeOffset.UtcNow.AddDays(1) },
            new CustomerFilter { Search = "commonname", CustomFields = new Dictionary<string, string> { ["plan"] = "gold" } },
        })
        {
            var plan = await SearchPlan.ChooseAsync(session, filter, CustomerQueries.DefaultSort, CancellationToken.None);
            Assert.Contains("from customers x", Assert.IsType<SearchPlan.Walk>(plan).FromWhere, StringComparison.Ordinal);
        }

        // Keys that cover the filter, or no key at all, keep the semi-join.
        Assert.IsType<SearchPlan.Semijoin>(await SearchPlan.ChooseAsync(session, new CustomerFilter { Search = "commonname", Statuses = [CustomerStatus.Active] }, CustomerQueries.DefaultSort, CancellationToken.None));
    }

    [Fact]
    public async Task Value_buckets_agree_with_the_database()
    {
        decimal[] values = [-5m, 0m, 0.99m, 1m, 1.99m, 2m, 4.99m, 5m, 9.99m, 10m, 19m, 20m, 49.5m, 50m, 99m, 100m, 1499.5m, 1500m, 2000m, 1e17m, 1e18m, 1e20m];
        await using var session = await database.Database.BeginAsync(workspace);
        var buckets = await session.QueryAsync<int>("select crm_value_bucket(v) from unnest(@values) with ordinality as t(v, i) order by i", new { values });
        Assert.Equal(values.Select(SearchKeys.ValueBucket), buckets);
        Assert.Equal(SearchKeys.TopValueBucket, SearchKeys.ValueBucket(decimal.MaxValue));
    }

    private async Task<List<Guid>> AllPagesAsync(CustomerFilter filter, int pageSize)
    {
        var queries = new CustomerQueries(database.Database) { SearchWindow = 50 };
        var seen = new List<Guid>();
        IReadOnlyList<string>? cursor = null;
        do
        {
            var page = await queries.ListAsync(workspace, filter, CustomerQueries.DefaultSort, new PageRequest(pageSize, cursor, 0, IncludeTotal: false));
            Assert.True(page.Items.Count <= pageSize);
            seen.AddRange(page.Items.Select(c => c.Id));
            cursor = KeysetPage.TryDecode(page.NextCursor, out var next) ? next : null;
        }
        while (cursor is not null);

        return seen;
    }

    private async Task<List<Guid>> ExpectedWithAsync(string term, string sql, object bounds)
    {
        await using var session = await database.Database.BeginAsync(workspace);
        var parameters = new DynamicParameters(bounds);
        parameters.Add("term", term);
        var expected = (await session.QueryAsync<Guid>($"""
            select id from customers
            where case when length(@term) >= 3 then search_text like '%' || @term || '%'
                  else crm_fold(first_name) like @term || '%' or crm_fold(last_name) like @term || '%' end
              and {sql}
            order by created_at desc, id desc
            """, parameters)).ToList();
        Assert.True(expected.Count > 0, $"no rows for {sql}: the case tests nothing");
        return expected;
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

    /// <summary>
    /// Runs each change (a SET list and a condition on n, the number in the customer's generated email) as its own
    /// statement, in one transaction, so each column's change must reach customer_search on its own.
    /// </summary>
    private async Task ChangeNumberedCustomersAsync(object? parameters, params string[] changes)
    {
        await using var session = await database.Database.BeginAsync(workspace);
        foreach (var change in changes)
        {
            await session.ExecuteAsync($"""
                with numbered as (select id as customer_id, substring(email from 'k(\d+)@')::int as n from customers)
                update customers set {change.Replace(" where ", " from numbered where id = customer_id and ")}
                """, parameters);
        }

        await session.CommitAsync();
    }
}
