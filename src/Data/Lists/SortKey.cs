namespace SimpleCrm.Data.Lists;

/// <summary>A column a list may be sorted by: its API name, the SQL expression (never null) and its SQL type.</summary>
public sealed record SortableColumn(string Name, string Sql, string SqlType);

/// <summary>One term of a sort: <c>-created_at</c> is descending.</summary>
public sealed record SortTerm(SortableColumn Column, bool Descending);

/// <summary>Parses <c>?sort=-created_at,last_name</c> against the columns a list allows.</summary>
public static class SortParser
{
    public const int MaxTerms = 3;

    public static bool TryParse(string? text, IReadOnlyDictionary<string, SortableColumn> allowed, IReadOnlyList<SortTerm> fallback,
        out IReadOnlyList<SortTerm> terms, out string? error)
    {
        terms = fallback;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var parsed = new List<SortTerm>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var descending = raw.StartsWith('-');
            var name = raw.TrimStart('-', '+');
            if (!allowed.TryGetValue(name, out var column))
            {
                error = $"Cannot sort by '{name}'. Sortable: {string.Join(", ", allowed.Keys)}.";
                return false;
            }

            if (parsed.Any(t => t.Column == column))
            {
                error = $"'{name}' appears twice.";
                return false;
            }

            parsed.Add(new SortTerm(column, descending));
        }

        if (parsed.Count is 0 or > MaxTerms)
        {
            error = $"Give 1 to {MaxTerms} sort fields.";
            return false;
        }

        terms = parsed;
        return true;
    }
}
