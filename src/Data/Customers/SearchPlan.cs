using Dapper;
using SimpleCrm.Data.Lists;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Customers;

/// <summary>
/// Picks how a customer search runs, because PostgreSQL's row estimates for LIKE on trigrams are blind (it
/// guesses 155 rows for a term that matches 20,000) and either wrong guess costs a second at a million
/// customers. Newest first with no other filter, the <see cref="Window"/> goes first: the newest
/// <see cref="WindowSize"/> customers, tested on index entries alone, usually hold a whole page of a common
/// term. When they do not, a probe collects up to <see cref="RareMatches"/> matching ids through the search indexes:
/// <list type="bullet">
/// <item>Fewer matches than that: newest first with no other filter, customer_search sorts and pages them
/// (<see cref="Walk"/>) and only the page's customers are read; otherwise the list narrows to those ids
/// (<see cref="Rare"/>).</item>
/// <item><see cref="Walk"/>: a common term, newest first and no other filter: walk customer_search's
/// (created_at, id) INCLUDE (search_text) index, testing the term on index entries alone until the page is
/// full, then read only the page's customers. Dense matches make the walk short.</item>
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
    /// How many of the newest customers the window tests: a term that fills no page among them is rare enough
    /// (under about one in two hundred) for the probe. Testing them all costs about 8 ms; a larger window
    /// caught more terms but cost every rarer term more than it saved (20,000: 30–40 ms).
    /// </summary>
    public const int WindowSize = 5_000;

    public abstract record Plan;

    public sealed record Rare(IReadOnlyList<Guid> Ids) : Plan;

    public sealed record Walk(string FromWhere, DynamicParameters Parameters, LateRows Rows) : Plan;

    public sealed record Semijoin : Plan;

    /// <summary>
    /// The first try for a search on its own, newest first: the term tested on the newest <see cref="WindowSize"/>
    /// entries of customer_search (an index-only walk). Its page is the right page only when it is full and has a
    /// next one (the window is a prefix of the order, so what it finds comes first); otherwise, and when a total
    /// is wanted, the caller runs <see cref="ChooseAsync"/>. Null when the search has other filters or sorts.
    /// </summary>
    public static Walk? Window(WorkspaceSession session, CustomerFilter filter, IReadOnlyList<SortTerm> sort, bool totalWanted, int size = WindowSize)
    {
        if (totalWanted || !filter.HasOnlySearch || filter.OrderNumberMatches.Count > 0 || !(sort.Count == 1 && sort[0] == CustomerQueries.DefaultSort[0]))
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
            new LateRows("customers c", "c.workspace_id = @workspace and c.id = page.page_id"));
    }

    public static async Task<Plan> ChooseAsync(WorkspaceSession session, CustomerFilter filter, IReadOnlyList<SortTerm> sort, CancellationToken cancellationToken)
    {
        var search = filter.Search!.Trim();
        var parameters = new DynamicParameters();
        parameters.Add("workspace", session.Workspace.Value);
        parameters.Add("rareMatches", RareMatches);
        CustomerSearch.AddParameters(parameters, search);
        // A term the trigram index cannot narrow would make the probe read the whole index: it is treated as common.
        var ids = CustomerSearch.IndexCanNarrow(search)
            ? (await session.QueryAsync<Guid>(
                $"select s.id from customer_search s where s.workspace_id = @workspace and {CustomerSearch.Condition("s", search)} limit @rareMatches",
                parameters, cancellationToken)).ToList()
            : null;

        var onlySearch = filter.HasOnlySearch;
        var newestFirst = sort.Count == 1 && sort[0] == CustomerQueries.DefaultSort[0];
        if (ids is not null && ids.Count < RareMatches)
        {
            // An exact order number's customer joins the matches; the list's other filters still apply.
            var matches = ids.Union(filter.OrderNumberMatches).ToList();
            return onlySearch && newestFirst && matches.Count > 0
                ? WalkOver("c.id = any(@matches)", p => p.Add("matches", matches.ToArray()))
                : new Rare(matches.Where(id => filter.Ids.Count == 0 || filter.Ids.Contains(id)).ToList());
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
                new LateRows("customers c", "c.workspace_id = @workspace and c.id = page.page_id"));
        }
    }
}
