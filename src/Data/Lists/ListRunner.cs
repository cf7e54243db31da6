using Dapper;
using Npgsql;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Lists;

/// <summary>Builds a list's WHERE clause: each optional filter adds its condition and its parameter.</summary>
public static class Conditions
{
    public static void AddIf<T>(System.Text.StringBuilder sql, DynamicParameters parameters, string condition, string name, T? value)
        where T : struct
    {
        if (value is not null)
        {
            sql.Append(" and ").Append(condition);
            parameters.Add(name, value.Value);
        }
    }
}

/// <summary>A cursor that does not belong to this list and sort, or that was tampered with.</summary>
public sealed class InvalidCursorException(string message) : Exception(message);

/// <summary>
/// Late materialisation: the page's ids are found first (an inner query that can stay inside one index),
/// then only those rows are read in full. <paramref name="Table"/> is the outer table with the same alias as
/// the list's FROM; <paramref name="Join"/> ties it to the inner page's <c>page_id</c>.
/// </summary>
public sealed record LateRows(string Table, string Join);

/// <summary>
/// Runs one list query: the caller gives the FROM/WHERE part and its parameters; this adds keyset or offset
/// paging, the sort, the next cursor and (when asked) the total.
/// </summary>
public static class ListRunner
{
    public static async Task<Page<TRow>> RunAsync<TRow>(
        WorkspaceSession session,
        string select,
        string fromWhere,
        DynamicParameters parameters,
        IReadOnlyList<SortTerm> sort,
        string idSql,
        PageRequest page,
        CancellationToken cancellationToken,
        LateRows? late = null)
    {
        var keyset = new KeysetPage(sort, idSql);
        var signature = string.Join(",", sort.Select(t => (t.Descending ? "-" : "") + t.Column.Name));
        var where = fromWhere;
        if (page.Cursor is { } cursor)
        {
            if (cursor.Count < 1 || cursor[0] != signature || !keyset.Fits(cursor.Skip(1).ToList()))
            {
                throw new InvalidCursorException("The cursor belongs to another list or sort order.");
            }

            where += " and " + keyset.After(cursor.Skip(1).ToList(), parameters);
        }

        parameters.Add("take", page.Limit + 1);
        parameters.Add("skip", page.Cursor is null ? page.Offset : 0);
        var sql = late is null
            ? $"select {select}, {keyset.SortValueColumns} {where} order by {keyset.OrderBy} limit @take offset @skip"
            : $"select {select}, {keyset.SortValueColumns} from {late.Table} join (select {idSql} as page_id {where} order by {keyset.OrderBy} limit @take offset @skip) page on {late.Join} order by {keyset.OrderBy}";
        try
        {
            var rows = (await session.QueryAsync<TRow, SortValues>(sql, parameters, "s0", cancellationToken)).ToList();
            var items = rows.Take(page.Limit).ToList();
            var next = rows.Count > page.Limit ? KeysetPage.Encode(items[^1].Values.Values.Prepend(signature)) : null;
            long? total = page.IncludeTotal
                ? await session.QuerySingleOrDefaultAsync<long>($"select count(*) {fromWhere}", parameters, cancellationToken)
                : null;
            return new Page<TRow>(items.Select(r => r.Row).ToList(), next, total);
        }
        catch (PostgresException e) when (page.Cursor is not null && e.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            throw new InvalidCursorException("The cursor is not valid.");
        }
    }
}
