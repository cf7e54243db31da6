using System.Text.Json;

namespace SimpleCrm.Domain.Segments;

/// <summary>
/// The in-memory back end: whether one customer matches a rule at an instant, and when the passing of time alone
/// could next change that answer. It must agree with <c>SegmentSql</c> on every customer; a property test checks that
/// on generated customers and rules.
/// </summary>
public static class SegmentEvaluator
{
    public static bool Matches(SegmentRule rule, SegmentSubject subject, DateTimeOffset now) => rule switch
    {
        SegmentGroup { RequireAll: true } g => g.Rules.All(r => Matches(r, subject, now)),
        SegmentGroup g => g.Rules.Any(r => Matches(r, subject, now)),
        SegmentCondition c => Condition(c, subject, now),
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    /// <summary>
    /// The first instant after <paramref name="now"/> at which a time condition of the rule flips for this customer
    /// (its last order leaves an N-day window), or null when time alone never changes the answer.
    /// </summary>
    public static DateTimeOffset? NextFlip(SegmentRule rule, SegmentSubject subject, DateTimeOffset now) => rule switch
    {
        SegmentGroup g => g.Rules.Select(r => NextFlip(r, subject, now)).Where(t => t is not null).Min(),
        SegmentCondition { Field: SegmentField.LastOrderAt } c when subject.Metrics.LastOrderDate is { } last
            && SegmentClock.Microseconds(last + SegmentClock.Days(c.Number)) is var flip && flip > now => flip,
        _ => null,
    };

    private static bool Condition(SegmentCondition c, SegmentSubject s, DateTimeOffset now)
    {
        var p = s.Profile;
        var m = s.Metrics;
        return c.Field switch
        {
            SegmentField.CountryCode => Text(c, p.CountryCode),
            SegmentField.Region => Text(c, p.Region),
            SegmentField.Language => Text(c, p.Language),
            SegmentField.Currency => Text(c, p.Currency),
            SegmentField.Status => Text(c, p.Status.ToString().ToLowerInvariant()),
            SegmentField.Owner => Text(c, p.OwnerId?.ToString("D")),
            SegmentField.Custom => Text(c, CustomText(p.CustomFieldsJson, c.CustomKey!)),
            SegmentField.Tags => c.Op switch
            {
                SegmentOperator.Contains => p.Tags.Contains(c.Texts[0], StringComparer.Ordinal),
                SegmentOperator.NotContains => !p.Tags.Contains(c.Texts[0], StringComparer.Ordinal),
                _ => c.Texts.Any(t => p.Tags.Contains(t, StringComparer.Ordinal)),
            },
            SegmentField.OrderCount => Number(c, m.TotalOrders),
            SegmentField.LifetimeValue => Number(c, m.LifetimeValueUsd),
            SegmentField.AverageOrderValue => Number(c, m.AverageOrderValueUsd),
            SegmentField.LastOrderAt => (m.LastOrderDate is { } last && last >= SegmentClock.WindowStart(now, c.Number)) == (c.Op == SegmentOperator.WithinDays),
            SegmentField.BoughtProduct => c.Texts.Any(s.ProductIds.Contains),
            SegmentField.BoughtSku => c.Texts.Any(s.Skus.Contains),
            _ => throw new ArgumentOutOfRangeException(nameof(c)),
        };
    }

    /// <summary>Text operators with SQL's null rules: a missing value equals nothing and is outside every list.</summary>
    private static bool Text(SegmentCondition c, string? value) => c.Op switch
    {
        SegmentOperator.Eq => value is not null && value == c.Texts[0],
        SegmentOperator.Neq => value != c.Texts[0],
        SegmentOperator.In => value is not null && c.Texts.Contains(value, StringComparer.Ordinal),
        SegmentOperator.NotIn => value is null || !c.Texts.Contains(value, StringComparer.Ordinal),
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    private static bool Number(SegmentCondition c, decimal value) => c.Op switch
    {
        SegmentOperator.Eq => value == c.Number,
        SegmentOperator.Neq => value != c.Number,
        SegmentOperator.Gt => value > c.Number,
        SegmentOperator.Gte => value >= c.Number,
        SegmentOperator.Lt => value < c.Number,
        SegmentOperator.Lte => value <= c.Number,
        SegmentOperator.Between => value >= c.Number && value <= c.UpperNumber,
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    /// <summary>A custom field as PostgreSQL's <c>custom_fields ->> key</c> gives it.</summary>
    private static string? CustomText(string json, string key)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty(key, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => value.GetRawText(),
        };
    }
}
