using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SimpleCrm.Data.Gdpr;

/// <summary>
/// Removes one person's data from JSON documents (audit snapshots, outbox payloads, timeline data) for erasure.
/// Two rules: in documents that are about the person, the fields that hold personal data are replaced by their
/// erased values wherever they appear (<see cref="PersonalKeys"/>); and in any document, a string that contains
/// one of the person's values as a whole word (a name, an email, a phone number…) is replaced by "erased".
/// Everything else — ids, amounts, currencies, dates, statuses — stays, so the records still add up.
/// </summary>
public sealed class PersonalDataScrubber
{
    public const string ErasedText = "erased";

    /// <summary>What erasure writes in place of a person's name.</summary>
    public const string ErasedName = "Erased";

    private readonly Regex? needles;
    private readonly bool blankPersonalKeys;
    private readonly string erasedEmail;

    /// <param name="values">The person's values to find in free text; shorter than 2 characters are ignored.</param>
    /// <param name="blankPersonalKeys">True for documents about the person (their customer and order snapshots).</param>
    public PersonalDataScrubber(IEnumerable<string> values, bool blankPersonalKeys, string erasedEmail)
    {
        var words = values.Select(v => v.Trim()).Where(v => v.Length >= 2)
            .Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(v => v.Length).ToList();
        // A value counts only as a whole word: "Li" is found in "Li Wei" but not in "Linen shirt".
        needles = words.Count == 0
            ? null
            : new Regex($@"(?<![\p{{L}}\p{{N}}])(?:{string.Join('|', words.Select(Regex.Escape))})(?![\p{{L}}\p{{N}}])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
        this.blankPersonalKeys = blankPersonalKeys;
        this.erasedEmail = erasedEmail;
    }

    /// <summary>Fields that hold a person's data in the CRM's documents (customer, order, refund, timeline data).</summary>
    public static readonly IReadOnlySet<string> PersonalKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "first_name", "last_name", "email", "phone", "company_name", "region", "city", "postal_code", "tags", "custom_fields",
        "external_ids", "shipping_address", "billing_address", "address", "notes", "note", "reason", "tracking_number", "tracking_url",
    };

    /// <summary>
    /// Whether a text mentions the person (one of their values, as a whole word), also URL-encoded as in a logged
    /// query string ("q=anna%40example.de").
    /// </summary>
    public bool Mentions(string? text) =>
        text is not null && needles is not null
        && (needles.IsMatch(text)
            || ((text.Contains('%', StringComparison.Ordinal) || text.Contains('+', StringComparison.Ordinal))
                && needles.IsMatch(Uri.UnescapeDataString(text.Replace('+', ' ')))));

    /// <summary>
    /// The forms a value can take in stored JSON text, plain and URL-encoded, as written and lower-cased, for a cheap
    /// case-insensitive SQL pre-filter before <see cref="Mentions"/> decides.
    /// </summary>
    public static IEnumerable<string> SearchForms(string value) =>
        new[] { value, value.ToLowerInvariant() }
            .SelectMany(v =>
            {
                var encoded = Uri.EscapeDataString(v);
                return new[] { v, encoded, encoded.Replace("%20", "+", StringComparison.Ordinal) };
            })
            .Distinct(StringComparer.Ordinal);

    /// <returns>The scrubbed JSON, or null when nothing in <paramref name="json"/> had to change.</returns>
    public string? Scrub(string? json)
    {
        if (json is null)
        {
            return null;
        }

        var node = JsonNode.Parse(json);
        var changed = false;
        var result = Walk(node, ref changed);
        return changed ? (result?.ToJsonString() ?? "null") : null;
    }

    private JsonNode? Walk(JsonNode? node, ref bool changed)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (blankPersonalKeys && PersonalKeys.Contains(key))
                    {
                        var erased = ErasedValue(key);
                        if (!JsonNode.DeepEquals(value, erased))
                        {
                            obj[key] = erased;
                            changed = true;
                        }

                        continue;
                    }

                    var walked = Walk(value, ref changed);
                    if (!ReferenceEquals(walked, value))
                    {
                        obj[key] = walked;
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var value = array[i];
                    var walked = Walk(value, ref changed);
                    if (!ReferenceEquals(walked, value))
                    {
                        array[i] = walked;
                    }
                }

                return array;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && Mentions(value.GetValue<string>()):
                changed = true;
                return JsonValue.Create(ErasedText);
            default:
                return node;
        }
    }

    /// <summary>The value erasure leaves in a personal field: the same the customers row gets.</summary>
    private JsonNode? ErasedValue(string key) => key switch
    {
        "first_name" or "last_name" => JsonValue.Create(ErasedName),
        "email" => JsonValue.Create(erasedEmail),
        "tags" => new JsonArray(),
        "custom_fields" or "external_ids" => new JsonObject(),
        _ => null,
    };
}
