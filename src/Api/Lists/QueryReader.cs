using System.Globalization;
using SimpleCrm.Data.Lists;
using SimpleCrm.Domain.Common;

namespace SimpleCrm.Api.Lists;

/// <summary>
/// Reads a list's query string strictly: every parameter is known, typed and range-checked, and each
/// problem is recorded against the parameter's name. Unknown parameters are errors too (a typo such as
/// ?contry=DE must not silently return everything).
/// </summary>
public sealed class QueryReader
{
    public const int MaxLimit = 200;
    public const int MaxOffset = 10_000;

    private readonly IQueryCollection query;
    private readonly HashSet<string> known = new(StringComparer.Ordinal) { "limit", "cursor", "offset", "sort", "fields", "include_total" };
    private readonly string? dynamicPrefix;

    public QueryReader(IQueryCollection query, string? dynamicPrefix = null)
    {
        this.query = query;
        this.dynamicPrefix = dynamicPrefix;
    }

    public Dictionary<string, string[]> Errors { get; } = [];

    /// <summary>Call after reading every parameter: flags the unknown ones; true when the query had no problem.</summary>
    public bool Complete()
    {
        foreach (var key in query.Keys.Where(k => !known.Contains(k) && (dynamicPrefix is null || !k.StartsWith(dynamicPrefix, StringComparison.Ordinal))))
        {
            Fail(key, "Unknown parameter.");
        }

        return Errors.Count == 0;
    }

    public string? Text(string name, int maxLength = 200)
    {
        var value = Single(name);
        if (value is { Length: > 0 } && value.Length > maxLength)
        {
            Fail(name, $"At most {maxLength} characters.");
            return null;
        }

        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>A comma-separated (or repeated) list, each item checked by <paramref name="isValid"/>.</summary>
    public IReadOnlyList<string> List(string name, Func<string, bool> isValid, Func<string, string> normalize, string what)
    {
        known.Add(name);
        var items = query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(normalize).Distinct().ToList();
        var bad = items.Where(i => !isValid(i)).ToList();
        if (bad.Count > 0)
        {
            Fail(name, $"Not {what}: {string.Join(", ", bad.Take(5))}.");
        }

        if (items.Count > 50)
        {
            Fail(name, "At most 50 values.");
        }

        return items;
    }

    public IReadOnlyList<TEnum> Enums<TEnum>(string name)
        where TEnum : struct, Enum
    {
        var names = Enum.GetValues<TEnum>().ToDictionary(v => Data.Orders.EnumNames.ToName(v), v => v);
        var items = List(name, names.ContainsKey, v => v.ToLowerInvariant(), $"one of {string.Join(", ", names.Keys)}");
        return items.Where(names.ContainsKey).Select(i => names[i]).ToList();
    }

    public decimal? Decimal(string name)
    {
        var value = Parse(name, v => decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : (decimal?)null, "a number");
        if (value is { } number && Math.Abs(number) > InputBounds.MaxFilterNumber)
        {
            Fail(name, $"Must be between -{InputBounds.MaxFilterNumber:N0} and {InputBounds.MaxFilterNumber:N0}.");
            return null;
        }

        return value;
    }

    public int? Int(string name, int min, int max)
    {
        var value = Parse(name, v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : (int?)null, "an integer");
        if (value is not null && (value < min || value > max))
        {
            Fail(name, $"Must be between {min} and {max}.");
            return null;
        }

        return value;
    }

    public DateTimeOffset? Instant(string name)
    {
        var value = Parse(name, v => DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d) ? d : (DateTimeOffset?)null,
            "an ISO 8601 date or date-time");
        if (value is { } instant && !InputBounds.IsInDateRange(instant))
        {
            Fail(name, InputBounds.DateRangeMessage);
            return null;
        }

        return value;
    }

    public Guid? Uuid(string name) => Parse(name, v => Guid.TryParse(v, out var g) ? g : (Guid?)null, "a UUID");

    /// <summary>A comma-separated (or repeated) list of UUIDs; the invalid ones are reported, the valid ones returned.</summary>
    public IReadOnlyList<Guid> Uuids(string name) =>
        List(name, v => Guid.TryParse(v, out _), v => v.ToLowerInvariant(), "a UUID")
            .Select(v => Guid.TryParse(v, out var g) ? g : (Guid?)null).OfType<Guid>().ToList();

    public bool Flag(string name) => Parse(name, v => bool.TryParse(v, out var b) ? b : (bool?)null, "true or false") ?? false;

    /// <summary>Parameters named prefix + key (custom.vip_level=gold), keys checked by <paramref name="isValidKey"/>.</summary>
    public IReadOnlyDictionary<string, string> Prefixed(Func<string, bool> isValidKey)
    {
        var result = new Dictionary<string, string>();
        foreach (var (key, values) in query.Where(q => dynamicPrefix is not null && q.Key.StartsWith(dynamicPrefix, StringComparison.Ordinal)))
        {
            var field = key[dynamicPrefix!.Length..];
            if (!isValidKey(field) || values.Count != 1 || values[0] is not { Length: <= 200 })
            {
                Fail(key, "Give one value (at most 200 characters) for a custom field with a valid name.");
                continue;
            }

            result[field] = values[0]!;
        }

        return result;
    }

    /// <summary>limit, cursor, offset and include_total.</summary>
    public PageRequest Page()
    {
        var limit = Int("limit", 1, MaxLimit) ?? 25;
        var offset = Int("offset", 0, MaxOffset) ?? 0;
        IReadOnlyList<string>? cursor = null;
        if (Text("cursor", 1000) is { } text)
        {
            if (KeysetPage.TryDecode(text, out var values))
            {
                cursor = values;
            }
            else
            {
                Fail("cursor", "Not a cursor this API returned.");
            }
        }

        if (cursor is not null && offset > 0)
        {
            Fail("offset", "Use either cursor or offset.");
        }

        return new PageRequest(limit, cursor, offset, Flag("include_total"));
    }

    public IReadOnlyList<SortTerm> Sort(IReadOnlyDictionary<string, SortableColumn> sortable, IReadOnlyList<SortTerm> fallback)
    {
        if (!SortParser.TryParse(Text("sort"), sortable, fallback, out var terms, out var error))
        {
            Fail("sort", error!);
        }

        return terms;
    }

    /// <summary>?fields=id,first_name: the document fields to return; null means all.</summary>
    public IReadOnlySet<string>? Fields(IReadOnlySet<string> available)
    {
        var fields = List("fields", available.Contains, f => f.ToLowerInvariant(), "a field of this resource");
        return fields.Count == 0 ? null : fields.Append("id").ToHashSet();
    }

    public void Fail(string name, string message) => Errors[name] = [message];

    private string? Single(string name)
    {
        known.Add(name);
        var values = query[name];
        if (values.Count > 1)
        {
            Fail(name, "Give this parameter once.");
            return null;
        }

        return values.Count == 1 ? values[0] : null;
    }

    private T? Parse<T>(string name, Func<string, T?> parse, string what)
        where T : struct
    {
        var text = Single(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = parse(text.Trim());
        if (value is null)
        {
            Fail(name, $"Must be {what}.");
        }

        return value;
    }
}
