using System.Globalization;
using System.Text.Json;

namespace SimpleCrm.Api.Commerce;

/// <summary>
/// Reading shop payloads. Ids are 64-bit integers: read as <see cref="long"/> (or kept as the text they are), never
/// through <see cref="double"/>, which loses digits above 2^53. Money arrives as strings ("404.95") or numbers: read as decimal.
/// </summary>
public static class SourceJson
{
    public static JsonElement? Child(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? v : null;

    public static string? Text(this JsonElement e, string name) => e.Child(name) switch
    {
        { ValueKind: JsonValueKind.String } v => v.GetString() is { Length: > 0 } s ? s : null,
        { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
        _ => null,
    };

    /// <summary>An id as its exact decimal text ("820982911946154500"), from a JSON number or string.</summary>
    public static string? Id(this JsonElement e, string name) => e.Child(name) switch
    {
        { ValueKind: JsonValueKind.Number } v when v.TryGetInt64(out var id) && id > 0 => id.ToString(CultureInfo.InvariantCulture),
        { ValueKind: JsonValueKind.String } v when long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 => id.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    public static decimal Money(this JsonElement e, string name) => e.MoneyOrNull(name) ?? 0m;

    public static decimal? MoneyOrNull(this JsonElement e, string name) => e.Child(name) switch
    {
        { ValueKind: JsonValueKind.Number } v => v.GetDecimal(),
        { ValueKind: JsonValueKind.String } v when decimal.TryParse(v.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    public static int Int(this JsonElement e, string name) => e.Child(name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out var i) ? i : 0;

    /// <summary>A time with its offset, or a WooCommerce "_gmt" time without one (which is UTC).</summary>
    public static DateTimeOffset? Time(this JsonElement e, string name) =>
        e.Text(name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    public static IEnumerable<JsonElement> Items(this JsonElement e, string name) =>
        e.Child(name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];

    /// <summary>Shopify's "…_set" amounts: {"shop_money": {"amount", "currency_code"}, "presentment_money": {…}}.</summary>
    public static (decimal? Amount, string? Currency) MoneySet(this JsonElement e, string name, string which) =>
        e.Child(name)?.Child(which) is { } m ? (m.MoneyOrNull("amount"), m.Text("currency_code")) : (null, null);
}
