using Dapper;
using SimpleCrm.Data.Lists;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Customers;

/// <summary>
/// Picks how a customer search runs, because PostgreSQL's row estimates for LIKE on trigrams are blind (it
/// guesses 155 rows for a term that matches 20,000) and either wrong guess costs a second at a million
/// customers. Newest first, cheap prefixes of the order go first, each counting only when it fills the page:
/// the <see cref="Window"/> (the newest <see cref="WindowSize"/> customers tested on index entries alone, with no
/// other filter), then <see cref="RecentAsync"/> (the matches in the newest weeks, then blocks, through the search
/// keys). When none fills the page, a probe collects up to <see cref="RareMatches"/> matching ids within the
/// filters' keys (<see cref="SearchKeys"/>):
/// <list type="bullet">
/// <item>Fewer matches than that: newest first, when every filter was a key, customer_search sorts and pages them
/// (<see cref="Walk"/>) and only the page's customers are read; otherwise the list narrows to those ids
/// (<see cref="Rare"/>).</item>
/// <item><see cref="Walk"/>: a common term, newest first and no other filter: walk customer_search's
/// newest-first index, testing the term on index entries alone until the page is full, then read only the
/// page's customers. Dense matches make the walk short.</item>
/// <item><see cref="Candidates"/>: a common term, newest first, within keys that are supersets of filters that are
/// not keys (amount buckets, creation blocks, custom field values): the candidates sorted in customer_search, then
/// tested on their customers until the page is full.</item>
/// <item><see cref="Semijoin"/>: a common term with other filters or another sort: the list's own query,
/// with the search as a semi-join on customer_search.</item>
/// </list>
/// </summary>
public static class SearchPlan
{
    /// <summary>
    /// Where the two costs cross at a million customers: collecting this many matches and walking to a page of
    /// matches that occur once in (customers / this) both take tens of milliseconds.
    /// </summary>
    public const int RareMatches = 2000;

    /// <summary>
    /// How many of the newest customers the window tests: a term that fills no page among them (under about one in a
    /// hundred) goes to the recent tries, which read only its matches. 2,500 halves the window's cost against 5,000
    /// (p50 9 ms under load at 5,000) while the weeks' try takes over the terms between: in run G "muller", CJK and
    /// order-number searches were 25-40 % faster at p95, fragments unchanged within noise (docs/performance.md).
    /// </summary>
    public const int WindowSize = 2_500;

    public abstract record Plan;

    public sealed record Rare(IReadOnlyList<Guid> Ids) : Plan;

    public sealed record Walk(string FromWhere, DynamicParameters Parameters, LateRows? Rows) : Plan;

    public sealed record Semijoin : Plan;

    /// <summary>
    /// The first try for a search on its own, newest first: the term tested on the newest <see cref="WindowSize"/>
    /// entries of customer_search (an index-only walk). Its page is the right page only when it is full and has a
    /// next one (the window is a prefix of the order, so what it finds comes first); otherwise the caller tries
    /// <see cref="RecentAsync"/> and then <see cref="ChooseAsync"/>. Null when the search has other filters or sorts,
    /// or when a total is wanted.
    /// </summary>
    public static Walk? Window(WorkspaceSession session, CustomerFilter filter, IReadOnlyList<SortTerm> sort, bool totalWanted, int size = WindowSize)
    {
        if (!IsPlainNewestFirst(filter, sort, totalWanted))
        {
            return null;
        }

        var search = filter.Search!.Trim();
        var parameters = new DynamicParameters();
        parameters.Add("workspace", session.Workspace.Value);
        parameters.Add("window", size);
        CustomerSearch.AddParameters(parameters, search);
        return new Walk(
            $"""
            from (select c.id, c.created_at, c.search_text, c.first_fold, c.last_fold, c.full_fold from customer_search c
                  where c.workspace_id = @workspace order by c.created_at desc, c.id desc limit @window) c
            where {CustomerSearch.Condition("c", search)}
            """,
            parameters,
            LatePage);
    }

    /// <summary>
    /// The next tries, newest first: the matches among the customers created in the workspace's two newest weeks, then
    /// in its two newest eight-week blocks (the one of its newest customer and the one before, because the newest may
    /// have just begun). Each is one GIN scan that intersects the periods' keys (per country or status when the filter
    /// names some: migration 0014) with the term and the filter's other keys (migration 0012), so only those matches
    /// are read. Filters that are not keys (amounts, dates, custom fields) are tested on the matches' customers. Like
    /// the window, each try is a prefix of the order; its page counts only when it is full and has a next one. A term
    /// with only padded trigrams ("'Ha", <see cref="CustomerSearch.IndexCanNarrowWithinPeriod"/>) has thousands of
    /// candidates in two blocks (145 ms for "'ha"), so it tries the blocks only within a selective key, or with a
    /// filter that is not a key: nothing else after them bounds its cost (the semi-join took 2 s for "'Ha" with
    /// ltv_gte).
    /// </summary>
    public static async Task<IReadOnlyList<Walk>> RecentAsync(WorkspaceSession session, CustomerFilter filter, IReadOnlyList<SortTerm> sort, bool totalWanted, CancellationToken cancellationToken)
    {
        var search = filter.Search?.Trim() ?? "";
        if (totalWanted || !IsNewestFirst(sort) || filter.OrderNumberMatches.Count > 0 || search.Length == 0 || !CustomerSearch.IndexCanNarrowWithinPeriod(search))
        {
            return [];
        }

        // crm_search_period_keys: [1] the week, [2] the eight-week block.
        var keys = await session.QuerySingleOrDefaultAsync<RecentKeys>(
            """
            select (crm_search_period_keys(workspace_id, created_at))[1] as newest_week,
                   (crm_search_period_keys(workspace_id, created_at - interval '7 days'))[1] as week_before,
                   (crm_search_period_keys(workspace_id, created_at))[2] as newest_block,
                   (crm_search_period_keys(workspace_id, created_at - interval '56 days'))[2] as block_before
            from customer_search where workspace_id = @workspace order by created_at desc, id desc limit 1
            """,
            new { workspace = session.Workspace.Value }, cancellationToken);
        if (keys is null)
        {
            return [];
        }

        var coveredByKeys = SearchKeys.CoverAllFilters(filter);
        var weeks = Between(keys.NewestWeek, keys.WeekBefore);
        return CustomerSearch.IndexCanNarrow(search) || SearchKeys.HasSelectiveKey(filter) || !coveredByKeys
            ? [weeks, Between(keys.NewestBlock, keys.BlockBefore)]
            : [weeks];

        Walk Between(string newest, string before)
        {
            // The filters that are not keys are tested on each match's customer (below), with their parameters.
            var (customerConditions, parameters) = coveredByKeys
                ? ("", new DynamicParameters())
                : CustomerQueries.FilterConditions(session.Workspace, filter with { Search = null });
            parameters.Add("workspace", session.Workspace.Value);
            var (periodKeys, otherKeys) = SearchKeys.PeriodKeys([newest, before], filter);
            parameters.Add("periodKeys", periodKeys);
            CustomerSearch.AddParameters(parameters, search);
            // The period keys name the workspace, so the bare workspace key is not needed (termKeyed: true).
            var filterKeys = SearchKeys.Conditions("s", session.Workspace.Value, otherKeys, parameters, termKeyed: true);
            // The inner query holds only what the GIN index answers, and "offset 0" keeps the list's sort and limit
            // out of it, so it stays one GIN scan: a walk of the whole newest-first index looks cheaper to the planner,
            // whose estimates for LIKE are blind, and for a short term the name-prefix indexes look cheaper than the
            // keys ("王": every customer whose name starts with it read, 1,270 table pages, 24 ms instead of 1).
            string Matches(string alias) => $"""
                (select s.id, s.created_at, s.search_text, s.first_fold, s.last_fold, s.full_fold from customer_search s
                 where s.workspace_id = @workspace
                   and s.keys && @periodKeys
                   and {filterKeys}
                   and {CustomerSearch.GinCondition("s", search)}
                 offset 0) {alias}
                """;
            if (coveredByKeys)
            {
                // Aliased "c" like the list, whose sort and cursor read c.created_at and c.id: only the page's
                // customers are read.
                return new Walk($"from {Matches("c")} where {CustomerSearch.Condition("c", search)}", parameters, LatePage);
            }

            return new Walk(
                $"from {Matches("s")} join customers c on c.id = s.id where {CustomerSearch.Condition("s", search)} and {customerConditions}",
                parameters,
                Rows: null);
        }
    }

    /// <summary>
    /// Whether the filter has keys that are supersets of a condition that is not a key (an amount's buckets, a creation
    /// range's blocks, a custom field's value hash): a common term is then often rare within those keys but spread
    /// thinly over the newest-first order, which the semi-join would walk (ltv_gte=1500 in the 1,000-1,999 USD bucket,
    /// created_before the oldest tenth: hundreds of thousands of customers read for a page).
    /// </summary>
    private static bool NarrowsBeyondKeysOfCover(WorkspaceSession session, CustomerFilter filter, string[]? createdKeys)
    {
        var prefix = session.Workspace.Value.ToString("D");
        return createdKeys is not null || filter.CustomFields.Count > 0
               || SearchKeys.ValueKeys(prefix, "v", filter.LifetimeValueUsdAtLeast, filter.LifetimeValueUsdAtMost) is not null
               || SearchKeys.ValueKeys(prefix, "n", filter.OrdersAtLeast, null) is not null;
    }

    /// <summary>
    /// A common term within keys that are supersets of the filter: the candidates (term and keys, one GIN scan) are
    /// sorted newest first in the narrow customer_search, then tested on their customers in that order until the page
    /// is full, so only the candidates before the page's end are read from customers. Aliased "c" like the list, whose
    /// sort and cursor read c.created_at and c.id; the page's customers are read late.
    /// </summary>
    private static Walk Candidates(WorkspaceSession session, CustomerFilter filter, string search, string[]? createdKeys)
    {
        var (customerConditions, parameters) = CustomerQueries.FilterConditions(session.Workspace, filter with { Search = null }, "x");
        CustomerSearch.AddParameters(parameters, search);
        var keys = SearchKeys.Conditions("c", session.Workspace.Value, filter, parameters, CustomerSearch.IsKeyed(search), createdKeys);
        // "offset 0" keeps the sort inside: the outer limit then stops the semi-join at the page's end.
        return new Walk(
            $"""
            from (select c.id, c.created_at from customer_search c
                  where c.workspace_id = @workspace and {keys} and {CustomerSearch.IndexedCondition("c", search)}
                  order by c.created_at desc, c.id desc offset 0) c
            where exists (select 1 from customers x where x.id = c.id and {customerConditions})
            """,
            parameters,
            LatePage);
    }

    private sealed record RecentKeys(string NewestWeek, string WeekBefore, string NewestBlock, string BlockBefore);

    private static readonly LateRows LatePage = new("customers c", "c.workspace_id = @workspace and c.id = page.page_id");

    private static bool IsPlainNewestFirst(CustomerFilter filter, IReadOnlyList<SortTerm> sort, bool totalWanted) =>
        !totalWanted && filter.HasOnlySearch && filter.OrderNumberMatches.Count == 0 && IsNewestFirst(sort);

    private static bool IsNewestFirst(IReadOnlyList<SortTerm> sort) => sort.Count == 1 && sort[0] == CustomerQueries.DefaultSort[0];

    public static async Task<Plan> ChooseAsync(WorkspaceSession session, CustomerFilter filter, IReadOnlyList<SortTerm> sort, CancellationToken cancellationToken)
    {
        var search = filter.Search!.Trim();
        var parameters = new DynamicParameters();
        parameters.Add("workspace", session.Workspace.Value);
        parameters.Add("rareMatches", RareMatches);
        CustomerSearch.AddParameters(parameters, search);
        // The probe counts the matches within the filters that are keys (a term common in the workspace can be rare
        // within a country). A term the trigram index cannot narrow would make it read the whole index: it is treated
        // as common. So is a term with only padded trigrams ("'Ha"), unless a filter's key bounds its candidates:
        // within a country or a status it costs tens to hundreds of milliseconds where the semi-join would walk every
        // customer of the filter (0.5-3 s).
        var probe = CustomerSearch.IndexCanNarrow(search)
                    || (CustomerSearch.IndexCanNarrowWithinPeriod(search) && SearchKeys.HasKey(filter));
        // A creation range narrows the probe to its eight-week blocks, so a term common in the workspace but rare within
        // the range is collected instead of walked newest first.
        var createdKeys = probe ? await SearchKeys.CreatedKeysAsync(session, filter, cancellationToken) : null;
        var ids = probe
            ? (await session.QueryAsync<Guid>(
                $"""
                select s.id from customer_search s
                where s.workspace_id = @workspace
                  and {SearchKeys.Conditions("s", session.Workspace.Value, filter, parameters, CustomerSearch.IsKeyed(search), createdKeys)}
                  and {CustomerSearch.IndexedCondition("s", search)}
                limit @rareMatches
                """,
                parameters, cancellationToken)).ToList()
            : null;

        var onlySearch = filter.HasOnlySearch;
        var newestFirst = sort.Count == 1 && sort[0] == CustomerQueries.DefaultSort[0];
        if (ids is not null && ids.Count < RareMatches)
        {
            // An exact order number's customer joins the matches; the list's other filters still apply. When the
            // search is alone, or every filter was a key of the probe, the matches are the list: newest first, the
            // narrow table sorts them and only the page's customers are read.
            var matches = ids.Union(filter.OrderNumberMatches).ToList();
            return (onlySearch || SearchKeys.CoverAllFilters(filter)) && newestFirst && matches.Count > 0
                ? WalkOver("c.id = any(@matches)", p => p.Add("matches", matches.ToArray()))
                : new Rare(matches.Where(id => filter.Ids.Count == 0 || filter.Ids.Contains(id)).ToList());
        }

        if (ids is not null && newestFirst && filter.OrderNumberMatches.Count == 0 && NarrowsBeyondKeysOfCover(session, filter, createdKeys))
        {
            return Candidates(session, filter, search, createdKeys);
        }

        if (!onlySearch || !newestFirst || filter.OrderNumberMatches.Count > 0)
        {
            return new Semijoin();
        }

        await session.ExecuteAsync("set local enable_bitmapscan = off", cancellationToken: cancellationToken);
        return WalkOver(CustomerSearch.Condition("c", search), p => CustomerSearch.AddParameters(p, search));

        Walk WalkOver(string condition, Action<DynamicParameters> bind)
        {
            // Aliased "c" like the list, so the list's sort and cursor SQL (c.created_at, c.id) read this table.
            var walkParameters = new DynamicParameters();
            walkParameters.Add("workspace", session.Workspace.Value);
            bind(walkParameters);
            return new Walk(
                $"from customer_search c where c.workspace_id = @workspace and {condition}",
                walkParameters,
                LatePage);
        }
    }
}
