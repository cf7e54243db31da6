using SimpleCrm.Domain.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SimpleCrm.Contracts.CustomFields;

namespace SimpleCrm.Domain.CustomFields;

/// <summary>Checks custom field values against the workspace's definitions; errors are keyed custom_fields.&lt;key&gt;.</summary>
public static partial class CustomFieldRules
{
    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    public static partial Regex KeyPattern();

    public static IReadOnlyDictionary<string, string[]> ValidateDefinition(CustomFieldDefinition d)
    {
        var errors = new Dictionary<string, string[]>();
        if (!KeyPattern().IsMatch(d.Key ?? ""))
        {
            errors["key"] = ["Lower-case letters, digits and '_', starting with a letter (at most 64)."];
        }

        if (string.IsNullOrWhiteSpace(d.Label) || d.Label.Length > 100)
        {
            errors["label"] = ["1–100 characters."];
        }

        if (!Enum.IsDefined(d.Type))
        {
            errors["type"] = ["text, number, date, boolean or select."];
        }

        if (d.Type == CustomFieldType.Select && (d.Options.Count == 0 || d.Options.Count > 100 || d.Options.Any(o => string.IsNullOrWhiteSpace(o) || o.Length > 100)))
        {
            errors["options"] = ["A select needs 1–100 options of 1–100 characters."];
        }

        return errors;
    }

    public static IReadOnlyDictionary<string, string[]> ValidateValues(string customFieldsJson, IReadOnlyList<CustomFieldDefinition> definitions)
    {
        var errors = new Dictionary<string, string[]>();
        if (definitions.Count == 0)
        {
            return errors;
        }

        using var doc = JsonDocument.Parse(customFieldsJson);
        var values = doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        foreach (var definition in definitions)
        {
            var key = $"custom_fields.{definition.Key}";
            if (!values.TryGetValue(definition.Key, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (definition.Required)
                {
                    errors[key] = ["Required."];
                }

                continue;
            }

            var problem = definition.Type switch
            {
                CustomFieldType.Text when value.ValueKind != JsonValueKind.String => "Must be text.",
                CustomFieldType.Text when value.GetString()!.Length > 1000 => "At most 1000 characters.",
                CustomFieldType.Number when value.ValueKind != JsonValueKind.Number => "Must be a number.",
                CustomFieldType.Number when !value.TryGetDecimal(out var number) || Math.Abs(number) > InputBounds.MaxCustomNumber =>
                    $"Must be a number between -{InputBounds.MaxCustomNumber:N0} and {InputBounds.MaxCustomNumber:N0}.",
                CustomFieldType.Boolean when value.ValueKind is not (JsonValueKind.True or JsonValueKind.False) => "Must be true or false.",
                CustomFieldType.Date when value.ValueKind != JsonValueKind.String
                    || !DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) => "Must be a date (YYYY-MM-DD).",
                CustomFieldType.Date when !InputBounds.IsInDateRange(DateOnly.ParseExact(value.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)) => InputBounds.DateRangeMessage,
                CustomFieldType.Select when value.ValueKind != JsonValueKind.String || !definition.Options.Contains(value.GetString()!) =>
                    $"Must be one of: {string.Join(", ", definition.Options)}.",
                _ => null,
            };
            if (problem is not null)
            {
                errors[key] = [problem];
            }
        }

        return errors;
    }
}
