using System.Text;
using System.Text.Json;
using Dapper;

namespace SimpleCrm.Data.Lists;

/// <summary>
/// Keyset pagination over any sort: rows are ordered by the sort terms then by id, and a cursor holds the
/// last row's sort values (as PostgreSQL text) and id. The next page starts strictly after that row, so
/// pages never skip or repeat rows however many are inserted meanwhile. An offset is offered for page jumps.
/// </summary>
public sealed class KeysetPage
{
    private readonly IReadOnlyList<SortTerm> terms;

    public KeysetPage(IReadOnlyList<SortTerm> terms, string idSql)
    {
        this.terms = terms;
        IdSql = idSql;
    }

    public string IdSql { get; }

    /// <summary>Extra select columns s0…sN (the sort values as text) that cursors are made of.</summary>
    public string SortValueColumns =>
        string.Join(", ", terms.Select((t, i) => $"({t.Column.Sql})::text as s{i}").Append($"({IdSql})::text as s{terms.Count}"));

    public string OrderBy =>
        string.Join(", ", terms.Select(t => $"{t.Column.Sql} {(t.Descending ? "desc" : "asc")}")
            .Append($"{IdSql} {(terms[^1].Descending ? "desc" : "asc")}"));

    /// <summary>"Strictly after the cursor row" as SQL, binding the cursor values into <paramref name="parameters"/>.</summary>
    public string After(IReadOnlyList<string> cursor, DynamicParameters parameters)
    {
        var columns = terms.Select(t => (Sql: t.Column.Sql, SqlType: t.Column.SqlType, t.Descending))
            .Append((Sql: IdSql, SqlType: "uuid", Descending: terms[^1].Descending)).ToList();
        var alternatives = new List<string>();
        for (var i = 0; i < columns.Count; i++)
        {
            var conditions = new List<string>();
            for (var j = 0; j < i; j++)
            {
                conditions.Add($"{columns[j].Sql} = @cursor{j}::{columns[j].SqlType}");
            }

            conditions.Add($"{columns[i].Sql} {(columns[i].Descending ? "<" : ">")} @cursor{i}::{columns[i].SqlType}");
            alternatives.Add("(" + string.Join(" and ", conditions) + ")");
        }

        for (var i = 0; i < cursor.Count; i++)
        {
            parameters.Add($"cursor{i}", cursor[i]);
        }

        return "(" + string.Join(" or ", alternatives) + ")";
    }

    public bool Fits(IReadOnlyList<string> cursor) => cursor.Count == terms.Count + 1;

    public static string Encode(IEnumerable<string> values) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(values.ToArray())).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string? text, out IReadOnlyList<string> values)
    {
        values = [];
        if (string.IsNullOrEmpty(text) || text.Length > 1000)
        {
            return false;
        }

        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var decoded = JsonSerializer.Deserialize<string[]>(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
            if (decoded is null || decoded.Length is 0 or > SortParser.MaxTerms + 1 || decoded.Any(v => v is null))
            {
                return false;
            }

            values = decoded;
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException or DecoderFallbackException)
        {
            return false;
        }
    }
}

/// <summary>The sort values of a row, read next to it (columns s0…s3).</summary>
public sealed class SortValues
{
    public string? S0 { get; set; }
    public string? S1 { get; set; }
    public string? S2 { get; set; }
    public string? S3 { get; set; }

    public IEnumerable<string> Values => new[] { S0, S1, S2, S3 }.TakeWhile(v => v is not null)!;
}

/// <summary>Which rows of a list a request wants: either after a cursor or from an offset.</summary>
public sealed record PageRequest(int Limit, IReadOnlyList<string>? Cursor, int Offset, bool IncludeTotal);

/// <summary>A page of a list: the rows, the cursor of the next page (null on the last), and the total when asked.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor, long? Total);
