using System.Text.Json;
using Dapper;
using SimpleCrm.Data.Customers;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Customers;

/// <summary>
/// <see cref="CustomerSearch"/>'s idea of which terms the trigram index narrows must match what pg_trgm really takes
/// from a LIKE pattern: a term it wrongly calls narrowable would make a search read the whole index. Checked against
/// PostgreSQL itself, on a GIN trigram index of rows that share no trigram with any of the terms.
/// </summary>
public sealed class CustomerSearchTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private SimpleCrm.Contracts.Common.WorkspaceId workspace;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        workspace = (await database.CreateWorkspaceAsync("search-terms")).WorkspaceId;
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Theory]
    [InlineData("xyz", true, true)] // a run of three
    [InlineData("'ha", false, true)] // "  h", " ha": the quote bounds the run
    [InlineData("o'h", false, true)] // "  h"
    [InlineData("ab-", false, true)] // "ab "
    [InlineData("e.c", false, true)] // "  c"
    [InlineData("a--", false, false)] // "a" starts the pattern and has one blank after it: two characters
    [InlineData("a.-", false, false)]
    [InlineData("-.'", false, false)]
    public async Task The_trigram_rules_match_what_pg_trgm_takes_from_the_pattern(string term, bool everywhere, bool withinPeriod)
    {
        Assert.Equal(everywhere, CustomerSearch.IndexCanNarrow(term));
        Assert.Equal(withinPeriod, CustomerSearch.IndexCanNarrowWithinPeriod(term));

        await using var session = await database.Database.BeginAsync(workspace);
        await session.ExecuteAsync("""
            create temporary table terms_probe (text text) on commit drop;
            insert into terms_probe select 'mmmm nnnn ' || n from generate_series(1, 200) as n;
            create index on terms_probe using gin (text public.gin_trgm_ops);
            analyze terms_probe;
            set local enable_seqscan = off;
            """);
        var plan = await session.QuerySingleOrDefaultAsync<string>(
            "explain (analyze, format json) select * from terms_probe where text like '%' || @pattern || '%'",
            new { pattern = CustomerQueries.EscapeLike(term) });

        // With trigrams, the index finds no candidate (no row shares one); without, every row is one.
        var candidates = IndexRows(JsonDocument.Parse(plan!).RootElement[0].GetProperty("Plan"));
        Assert.Equal(withinPeriod ? 0 : 200, candidates);
    }

    private static long IndexRows(JsonElement node) =>
        node.GetProperty("Node Type").GetString() == "Bitmap Index Scan"
            ? node.GetProperty("Actual Rows").GetInt64()
            : node.GetProperty("Plans").EnumerateArray().Sum(IndexRows);
}
