using Dapper;

namespace SimpleCrm.Data.Customers;

/// <summary>
/// The search condition on customer_search (migration 0007): a table without row-level security, because
/// PostgreSQL will not use an index for LIKE under RLS. Every query on it must name its workspace; it only
/// yields ids, and the rows are read from customers, under RLS.
/// <list type="bullet">
/// <item>Three or more characters: substring of the folded text (names both ways round, email, company,
/// phone), through the trigram index.</item>
/// <item>Shorter: prefix of the first name, last name or "last first" (CJK full names), through prefix
/// indexes; a one- or two-letter substring would match nearly everyone.</item>
/// </list>
/// </summary>
public static class CustomerSearch
{
    public static void AddParameters(DynamicParameters parameters, string search)
    {
        parameters.Add("search", search);
        parameters.Add("searchLike", CustomerQueries.EscapeLike(search));
    }

    /// <summary>
    /// Whether the search indexes narrow this term anywhere in a workspace: a short term through its prefix key, a
    /// longer one only with a run of three or more letters or digits, whose trigrams are its own. Without one, the
    /// term has at most padded trigrams (<see cref="IndexCanNarrowWithinPeriod"/>), which a whole workspace shares
    /// widely (0.8 s for "'ha" at 1.75 million customers).
    /// </summary>
    public static bool IndexCanNarrow(string search) =>
        search.Length < 3 || Runs(search).Any(run => run.End - run.Start >= 3);

    /// <summary>
    /// Whether the trigram index narrows the term at least within a period's key (<see cref="SearchPlan.RecentAsync"/>).
    /// Besides runs of three, pg_trgm pads a run of letters or digits that the term itself bounds (two blanks before it,
    /// one after; the % around the pattern does not count), so "'Ha" yields "  h" and " ha". Those trigrams are shared
    /// by every word that starts the same way: too weak for the probe over a whole workspace, cheap within two weeks'
    /// or two blocks' customers.
    /// </summary>
    public static bool IndexCanNarrowWithinPeriod(string search) =>
        IndexCanNarrow(search)
        || Runs(search).Any(run => run.End - run.Start + (run.Start > 0 ? 2 : 0) + (run.End < search.Length ? 1 : 0) >= 3);

    /// <summary>The term's runs of letters or digits, as [Start, End) positions: the words pg_trgm takes trigrams from.</summary>
    private static IEnumerable<(int Start, int End)> Runs(string search)
    {
        var start = 0;
        while (start < search.Length)
        {
            if (!char.IsLetterOrDigit(search[start]))
            {
                start++;
                continue;
            }

            var end = start;
            while (end < search.Length && char.IsLetterOrDigit(search[end]))
            {
                end++;
            }

            yield return (start, end);
            start = end;
        }
    }

    /// <summary>Whether the term has a key of its own in customer_search.keys: a short term's name prefix does.</summary>
    public static bool IsKeyed(string search) => search.Length < 3;

    /// <summary>
    /// The part of <see cref="Condition"/> the GIN index of trigrams and keys answers: the trigram LIKE, or for a short
    /// term its prefix key, the first two letters of its folded form (migration 0012), which the scan can intersect
    /// with the filter's keys.
    /// </summary>
    public static string GinCondition(string alias, string search) =>
        IsKeyed(search)
            ? SearchKeys.Has(alias, "crm_search_prefix_key(@workspace, crm_fold(@search))")
            : Condition(alias, search);

    /// <summary><see cref="Condition"/> for a scan through the GIN index (the probe): <see cref="GinCondition"/>, then the name prefixes tested in full.</summary>
    public static string IndexedCondition(string alias, string search) =>
        IsKeyed(search) ? $"{GinCondition(alias, search)} and {Condition(alias, search)}" : Condition(alias, search);

    /// <summary>The condition on customer_search rows aliased <paramref name="alias"/>.</summary>
    public static string Condition(string alias, string search) =>
        search.Length >= 3
            ? $"{alias}.search_text like '%' || crm_fold(@searchLike) || '%'"
            : $"({alias}.first_fold like crm_fold(@searchLike) || '%' or {alias}.last_fold like crm_fold(@searchLike) || '%'"
              + $" or {alias}.full_fold like crm_fold(@searchLike) || '%')";
}
