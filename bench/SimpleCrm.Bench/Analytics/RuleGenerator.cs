namespace SimpleCrm.Bench.Analytics;

/// <summary>
/// Segment rules as a builder produces them while someone edits: one to three conditions under "all" or "any", each on
/// country lists, lifetime value ranges, order counts or tags, with values drawn from the data (seeded, repeatable).
/// </summary>
public sealed class RuleGenerator(int seed, string[] countries, string[] tags)
{
    private readonly Random random = new(seed);
    private readonly Lock gate = new();

    public object Next()
    {
        lock (gate)
        {
            var conditions = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Condition()).ToArray();
            return conditions.Length == 1 ? conditions[0] : random.Next(3) == 0 ? new { any = conditions } : new { all = conditions };
        }
    }

    private object Condition() => random.Next(5) switch
    {
        0 => new { field = "country_code", op = "in", value = countries.OrderBy(_ => random.Next()).Take(1 + random.Next(5)).ToArray() },
        1 => new { field = "lifetime_value", op = "gte", value = (object)(50 * random.Next(1, 40)) },
        2 => Between("lifetime_value", 100 * random.Next(0, 20), 100 * random.Next(1, 30)),
        3 => random.Next(2) == 0
            ? new { field = "order_count", op = "gte", value = (object)random.Next(1, 12) }
            : new { field = "order_count", op = "lte", value = (object)random.Next(0, 6) },
        _ => random.Next(2) == 0
            ? new { field = "tags", op = "contains", value = (object)tags[random.Next(tags.Length)] }
            : new { field = "tags", op = "contains_any", value = (object)tags.OrderBy(_ => random.Next()).Take(2).ToArray() },
    };

    private static object Between(string field, int a, int b) => new { field, op = "between", value = (object)new[] { Math.Min(a, b), Math.Max(a, b) } };
}
