namespace SimpleCrm.Domain.Segments;

/// <summary>A parsed, validated segment rule: a group of rules joined by AND/OR, or one condition on a customer.</summary>
public abstract record SegmentRule;

/// <summary><c>{"all": [...]}</c> (every rule holds) or <c>{"any": [...]}</c> (at least one does).</summary>
public sealed record SegmentGroup(bool RequireAll, IReadOnlyList<SegmentRule> Rules) : SegmentRule;

/// <summary>
/// <c>{"field", "op", "value"}</c>. The value is already typed for the operator: <see cref="Texts"/> for text and list
/// operators, <see cref="Number"/> (and <see cref="UpperNumber"/> for <c>between</c>) for numbers and day counts.
/// </summary>
public sealed record SegmentCondition(SegmentField Field, string? CustomKey, SegmentOperator Op, IReadOnlyList<string> Texts, decimal Number, decimal UpperNumber) : SegmentRule;

public enum SegmentField
{
    CountryCode,
    Region,
    Language,
    Currency,
    Status,
    Owner,
    Custom,
    Tags,
    OrderCount,
    LifetimeValue,
    AverageOrderValue,
    LastOrderAt,
    BoughtProduct,
    BoughtSku,
}

public enum SegmentOperator
{
    Eq,
    Neq,
    In,
    NotIn,
    Contains,
    NotContains,
    ContainsAny,
    Gt,
    Gte,
    Lt,
    Lte,
    Between,
    WithinDays,
    NotWithinDays,
}
