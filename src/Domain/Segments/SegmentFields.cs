namespace SimpleCrm.Domain.Segments;

/// <summary>The rule vocabulary: which fields exist, what each is called in JSON, and which operators each takes.</summary>
public static class SegmentFields
{
    public const string CustomPrefix = "custom.";

    private static readonly SegmentOperator[] TextOperators = [SegmentOperator.Eq, SegmentOperator.Neq, SegmentOperator.In, SegmentOperator.NotIn];
    private static readonly SegmentOperator[] NumberOperators =
        [SegmentOperator.Eq, SegmentOperator.Neq, SegmentOperator.Gt, SegmentOperator.Gte, SegmentOperator.Lt, SegmentOperator.Lte, SegmentOperator.Between];

    public static readonly IReadOnlyDictionary<string, SegmentField> ByName = new Dictionary<string, SegmentField>(StringComparer.Ordinal)
    {
        ["country_code"] = SegmentField.CountryCode,
        ["region"] = SegmentField.Region,
        ["language"] = SegmentField.Language,
        ["currency"] = SegmentField.Currency,
        ["status"] = SegmentField.Status,
        ["owner"] = SegmentField.Owner,
        ["tags"] = SegmentField.Tags,
        ["order_count"] = SegmentField.OrderCount,
        ["lifetime_value"] = SegmentField.LifetimeValue,
        ["average_order_value"] = SegmentField.AverageOrderValue,
        ["last_order_at"] = SegmentField.LastOrderAt,
        ["bought_product"] = SegmentField.BoughtProduct,
        ["bought_sku"] = SegmentField.BoughtSku,
    };

    public static readonly IReadOnlyDictionary<string, SegmentOperator> OperatorsByName = new Dictionary<string, SegmentOperator>(StringComparer.Ordinal)
    {
        ["eq"] = SegmentOperator.Eq,
        ["neq"] = SegmentOperator.Neq,
        ["in"] = SegmentOperator.In,
        ["not_in"] = SegmentOperator.NotIn,
        ["contains"] = SegmentOperator.Contains,
        ["not_contains"] = SegmentOperator.NotContains,
        ["contains_any"] = SegmentOperator.ContainsAny,
        ["gt"] = SegmentOperator.Gt,
        ["gte"] = SegmentOperator.Gte,
        ["lt"] = SegmentOperator.Lt,
        ["lte"] = SegmentOperator.Lte,
        ["between"] = SegmentOperator.Between,
        ["within_days"] = SegmentOperator.WithinDays,
        ["not_within_days"] = SegmentOperator.NotWithinDays,
    };

    public static string NameOf(SegmentOperator op) => OperatorsByName.First(p => p.Value == op).Key;

    public static IReadOnlyList<SegmentOperator> OperatorsFor(SegmentField field) => field switch
    {
        SegmentField.Tags => [SegmentOperator.Contains, SegmentOperator.NotContains, SegmentOperator.ContainsAny],
        SegmentField.OrderCount or SegmentField.LifetimeValue or SegmentField.AverageOrderValue => NumberOperators,
        SegmentField.LastOrderAt => [SegmentOperator.WithinDays, SegmentOperator.NotWithinDays],
        SegmentField.BoughtProduct or SegmentField.BoughtSku => [SegmentOperator.Eq, SegmentOperator.In],
        _ => TextOperators,
    };

    /// <summary>Whether the passing of time alone can change the rule's answer for a customer.</summary>
    public static bool DependsOnTime(SegmentRule rule) => rule switch
    {
        SegmentGroup g => g.Rules.Any(DependsOnTime),
        SegmentCondition c => c.Field == SegmentField.LastOrderAt,
        _ => false,
    };

    /// <summary>The day counts of the rule's time conditions.</summary>
    public static IReadOnlySet<decimal> TimeWindows(SegmentRule rule) => rule switch
    {
        SegmentGroup g => g.Rules.SelectMany(TimeWindows).ToHashSet(),
        SegmentCondition { Field: SegmentField.LastOrderAt } c => new HashSet<decimal> { c.Number },
        _ => new HashSet<decimal>(),
    };

    /// <summary>Whether the rule needs the products a customer bought (loaded only then).</summary>
    public static bool NeedsPurchases(SegmentRule rule) => rule switch
    {
        SegmentGroup g => g.Rules.Any(NeedsPurchases),
        SegmentCondition c => c.Field is SegmentField.BoughtProduct or SegmentField.BoughtSku,
        _ => false,
    };
}
