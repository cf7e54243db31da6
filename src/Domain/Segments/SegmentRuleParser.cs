using System.Text.Json;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Domain.Segments;

/// <summary>
/// Reads segment rules JSON into a <see cref="SegmentRule"/>, or says what is wrong and where: every error is keyed by a
/// JSON-pointer-like path from the request body (<c>rules/all/1/op</c>), so a client can point at the bad node.
/// </summary>
public static class SegmentRuleParser
{
    public const int MaxDepth = 6;
    public const int MaxConditions = 100;
    public const int MaxListItems = 1000;
    public const decimal MaxDays = 36500;

    public static (SegmentRule? Rule, IReadOnlyDictionary<string, string[]> Errors) Parse(JsonElement json, string path = "rules")
    {
        var parser = new Parser();
        var rule = parser.Node(json, path, depth: 1);
        return parser.Errors.Count > 0 ? (null, parser.Errors.ToDictionary(e => e.Key, e => e.Value.ToArray())) : (rule, new Dictionary<string, string[]>());
    }

    public static (SegmentRule? Rule, IReadOnlyDictionary<string, string[]> Errors) Parse(string json, string path = "rules")
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document.RootElement, path);
    }

    private sealed class Parser
    {
        public readonly Dictionary<string, List<string>> Errors = new(StringComparer.Ordinal);
        private int conditions;

        private void Fail(string path, string message)
        {
            if (!Errors.TryGetValue(path, out var list))
            {
                Errors[path] = list = [];
            }

            list.Add(message);
        }

        public SegmentRule? Node(JsonElement json, string path, int depth)
        {
            if (json.ValueKind != JsonValueKind.Object)
            {
                Fail(path, "A rule must be an object: {\"all\": [...]}, {\"any\": [...]} or {\"field\", \"op\", \"value\"}.");
                return null;
            }

            if (depth > MaxDepth)
            {
                Fail(path, $"Rules nest at most {MaxDepth} groups deep.");
                return null;
            }

            var names = json.EnumerateObject().Select(p => p.Name).ToList();
            var isGroup = names.Contains("all") || names.Contains("any");
            return isGroup ? Group(json, names, path, depth) : Condition(json, names, path);
        }

        private SegmentGroup? Group(JsonElement json, List<string> names, string path, int depth)
        {
            if (names.Count != 1)
            {
                Fail(path, "A group has exactly one member, \"all\" or \"any\", holding a list of rules.");
                return null;
            }

            var name = names[0];
            var items = json.GetProperty(name);
            if (items.ValueKind != JsonValueKind.Array)
            {
                Fail($"{path}/{name}", "Must be a list of rules.");
                return null;
            }

            var rules = new List<SegmentRule>();
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                if (Node(item, $"{path}/{name}/{index}", depth + 1) is { } rule)
                {
                    rules.Add(rule);
                }

                index++;
            }

            return new SegmentGroup(name == "all", rules);
        }

        private SegmentCondition? Condition(JsonElement json, List<string> names, string path)
        {
            foreach (var unknown in names.Where(n => n is not ("field" or "op" or "value")))
            {
                Fail($"{path}/{unknown}", "Unknown member: a condition has \"field\", \"op\" and \"value\"; a group has \"all\" or \"any\".");
            }

            if (++conditions > MaxConditions)
            {
                Fail(path, $"A segment has at most {MaxConditions} conditions.");
                return null;
            }

            if (!json.TryGetProperty("field", out var fieldJson) || fieldJson.ValueKind != JsonValueKind.String)
            {
                Fail($"{path}/field", "Required: the customer field to test, e.g. \"country_code\".");
                return null;
            }

            var fieldName = fieldJson.GetString()!;
            string? customKey = null;
            SegmentField field;
            if (fieldName.StartsWith(SegmentFields.CustomPrefix, StringComparison.Ordinal) && fieldName.Length > SegmentFields.CustomPrefix.Length)
            {
                field = SegmentField.Custom;
                customKey = fieldName[SegmentFields.CustomPrefix.Length..];
            }
            else if (!SegmentFields.ByName.TryGetValue(fieldName, out field))
            {
                Fail($"{path}/field", $"Unknown field '{fieldName}'. Known: {string.Join(", ", SegmentFields.ByName.Keys)}, custom.<key>.");
                return null;
            }

            if (!json.TryGetProperty("op", out var opJson) || opJson.ValueKind != JsonValueKind.String)
            {
                Fail($"{path}/op", "Required: the operator, e.g. \"eq\".");
                return null;
            }

            var allowed = SegmentFields.OperatorsFor(field);
            if (!SegmentFields.OperatorsByName.TryGetValue(opJson.GetString()!, out var op) || !allowed.Contains(op))
            {
                Fail($"{path}/op", $"Unknown operator '{opJson.GetString()}' for '{fieldName}'. Allowed: {string.Join(", ", allowed.Select(SegmentFields.NameOf))}.");
                return null;
            }

            if (!json.TryGetProperty("value", out var value))
            {
                Fail($"{path}/value", "Required.");
                return null;
            }

            return Value(field, customKey, op, value, $"{path}/value");
        }

        private SegmentCondition? Value(SegmentField field, string? customKey, SegmentOperator op, JsonElement value, string path)
        {
            switch (op)
            {
                case SegmentOperator.Gt or SegmentOperator.Gte or SegmentOperator.Lt or SegmentOperator.Lte or SegmentOperator.Eq or SegmentOperator.Neq
                    when field is SegmentField.OrderCount or SegmentField.LifetimeValue or SegmentField.AverageOrderValue:
                    return Number(value, path) is { } n ? new SegmentCondition(field, customKey, op, [], n, 0) : null;
                case SegmentOperator.Between:
                    if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 2)
                    {
                        Fail(path, "Must be a list of two numbers: [min, max].");
                        return null;
                    }

                    var low = Number(value[0], $"{path}/0");
                    var high = Number(value[1], $"{path}/1");
                    if (low is null || high is null)
                    {
                        return null;
                    }

                    if (low > high)
                    {
                        Fail(path, "The minimum must not be above the maximum.");
                        return null;
                    }

                    return new SegmentCondition(field, customKey, op, [], low.Value, high.Value);
                case SegmentOperator.WithinDays or SegmentOperator.NotWithinDays:
                    var days = Number(value, path);
                    if (days is null)
                    {
                        return null;
                    }

                    if (days <= 0 || days > MaxDays)
                    {
                        Fail(path, $"Must be a number of days above 0 and at most {MaxDays}.");
                        return null;
                    }

                    return new SegmentCondition(field, customKey, op, [], days.Value, 0);
                case SegmentOperator.In or SegmentOperator.NotIn or SegmentOperator.ContainsAny:
                    return Texts(value, path) is { } list ? new SegmentCondition(field, customKey, op, list.Select(t => Normalize(field, t, path)).ToList(), 0, 0) : null;
                default:
                    if (value.ValueKind != JsonValueKind.String)
                    {
                        Fail(path, "Must be a string.");
                        return null;
                    }

                    return new SegmentCondition(field, customKey, op, [Normalize(field, value.GetString()!, path)], 0, 0);
            }
        }

        /// <summary>Stored spellings: codes are upper case, owners canonical UUIDs, statuses known names.</summary>
        private string Normalize(SegmentField field, string text, string path)
        {
            switch (field)
            {
                case SegmentField.CountryCode or SegmentField.Currency:
                    return text.Trim().ToUpperInvariant();
                case SegmentField.Owner:
                    if (!Guid.TryParse(text, out var owner))
                    {
                        Fail(path, $"'{text}' is not a user id (UUID).");
                    }

                    return owner.ToString("D");
                case SegmentField.Status:
                    var status = text.Trim().ToLowerInvariant();
                    if (!Enum.TryParse<CustomerStatus>(status, ignoreCase: true, out _) || int.TryParse(status, out _))
                    {
                        Fail(path, $"'{text}' is not a customer status (active, inactive, vip, blocked).");
                    }

                    return status;
                default:
                    return text;
            }
        }

        private List<string>? Texts(JsonElement value, string path)
        {
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0 || value.GetArrayLength() > MaxListItems)
            {
                Fail(path, $"Must be a list of 1 to {MaxListItems} strings.");
                return null;
            }

            var texts = new List<string>();
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    Fail($"{path}/{index}", "Must be a string.");
                }
                else
                {
                    texts.Add(item.GetString()!);
                }

                index++;
            }

            return texts.Count == index ? texts : null;
        }

        private decimal? Number(JsonElement value, string path)
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
            {
                Fail(path, "Must be a number.");
                return null;
            }

            if (number < 0)
            {
                Fail(path, "Must not be negative.");
                return null;
            }

            return number;
        }
    }
}
