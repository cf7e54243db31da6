using Dapper;
using SimpleCrm.Domain.Segments;

namespace SimpleCrm.Data.Segments;

/// <summary>
/// The SQL back end of segment rules: a parameterized boolean expression over the customers row aliased <c>c</c>.
/// Values are only ever parameters. Conditions are written the way the customers indexes serve them (tags through the
/// GIN index with @> and &&, country through its b-tree as char(2), LTV through its index). Each condition is wrapped in
/// coalesce(…, false) so a null column behaves as the in-memory back end says. It runs inside a workspace session, so
/// row-level security keeps it in the caller's workspace whatever the rule says.
/// </summary>
public static class SegmentSql
{
    /// <summary>A purchase counts when its order was not cancelled or refunded, as for the metrics.</summary>
    public const string CountedOrder = "o.status not in ('cancelled', 'refunded')";

    public static (string Where, DynamicParameters Parameters) Compile(SegmentRule rule, DateTimeOffset now)
    {
        var compiler = new Compiler(now);
        var sql = compiler.Rule(rule);
        return (sql, compiler.Parameters);
    }

    private sealed class Compiler(DateTimeOffset now)
    {
        public readonly DynamicParameters Parameters = new();
        private int next;

        private string Add(object value)
        {
            var name = $"sg{next++}";
            Parameters.Add(name, value);
            return "@" + name;
        }

        public string Rule(SegmentRule rule) => rule switch
        {
            SegmentGroup { Rules.Count: 0 } g => g.RequireAll ? "true" : "false",
            SegmentGroup g => "(" + string.Join(g.RequireAll ? " and " : " or ", g.Rules.Select(Rule)) + ")",
            SegmentCondition c => $"coalesce({Condition(c)}, false)",
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };

        private string Condition(SegmentCondition c) => c.Field switch
        {
            SegmentField.CountryCode => Text(c, "c.country_code", "::bpchar"),
            SegmentField.Currency => Text(c, "c.currency", "::bpchar"),
            SegmentField.Region => Text(c, "c.region", ""),
            SegmentField.Language => Text(c, "c.language", ""),
            SegmentField.Status => Text(c, "c.status", ""),
            SegmentField.Owner => Text(c, "c.owner_id::text", ""),
            SegmentField.Custom => Text(c, $"(c.custom_fields ->> {Add(c.CustomKey!)})", ""),
            SegmentField.Tags => c.Op switch
            {
                SegmentOperator.Contains => $"c.tags @> array[{Add(c.Texts[0])}]::text[]",
                SegmentOperator.NotContains => $"not (c.tags @> array[{Add(c.Texts[0])}]::text[])",
                _ => $"c.tags && {Add(c.Texts.ToArray())}::text[]",
            },
            SegmentField.OrderCount => Number(c, "c.total_orders"),
            SegmentField.LifetimeValue => Number(c, "c.lifetime_value_usd"),
            SegmentField.AverageOrderValue => Number(c, "c.average_order_value_usd"),
            SegmentField.LastOrderAt => c.Op == SegmentOperator.WithinDays
                ? $"c.last_order_date >= {Add(SegmentClock.WindowStart(now, c.Number))}"
                : $"not coalesce(c.last_order_date >= {Add(SegmentClock.WindowStart(now, c.Number))}, false)",
            SegmentField.BoughtProduct => Bought("i.product_id", c),
            SegmentField.BoughtSku => Bought("i.sku", c),
            _ => throw new ArgumentOutOfRangeException(nameof(c)),
        };

        private string Text(SegmentCondition c, string column, string cast) => c.Op switch
        {
            SegmentOperator.In or SegmentOperator.NotIn when cast == "" => Text(c, column, "::text"),
            SegmentOperator.Eq => $"{column} = {Add(c.Texts[0])}{cast}",
            SegmentOperator.Neq => $"{column} is distinct from {Add(c.Texts[0])}{cast}",
            SegmentOperator.In => $"{column} = any({Add(c.Texts.ToArray())}{cast}[])",
            SegmentOperator.NotIn => $"not coalesce({column} = any({Add(c.Texts.ToArray())}{cast}[]), false)",
            _ => throw new ArgumentOutOfRangeException(nameof(c)),
        };

        private string Number(SegmentCondition c, string column) => c.Op switch
        {
            SegmentOperator.Eq => $"{column} = {Add(c.Number)}",
            SegmentOperator.Neq => $"{column} <> {Add(c.Number)}",
            SegmentOperator.Gt => $"{column} > {Add(c.Number)}",
            SegmentOperator.Gte => $"{column} >= {Add(c.Number)}",
            SegmentOperator.Lt => $"{column} < {Add(c.Number)}",
            SegmentOperator.Lte => $"{column} <= {Add(c.Number)}",
            SegmentOperator.Between => $"{column} between {Add(c.Number)} and {Add(c.UpperNumber)}",
            _ => throw new ArgumentOutOfRangeException(nameof(c)),
        };

        private string Bought(string column, SegmentCondition c) => $"""
            exists (select 1 from orders o join order_items i on i.workspace_id = o.workspace_id and i.order_id = o.id
                    where o.workspace_id = c.workspace_id and o.customer_id = c.id and {CountedOrder} and {column} = any({Add(c.Texts.ToArray())}::text[]))
            """;
    }
}
