using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace SimpleCrm.Contracts.Common;

/// <summary>
/// One refused field value: the English message, a stable snake_case code clients translate by
/// (<see cref="FieldCodes"/>) and the values the message names (e.g. <c>max_length</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("crm.FieldError")]
public sealed record FieldError(
    [property: Id(0)] string Message,
    [property: Id(1)] string Code,
    [property: Id(2)] IReadOnlyDictionary<string, object>? Params = null);

/// <summary>
/// Field → messages, as problem details' <c>errors</c> has always been, that also remembers each message's
/// code. It is an ordinary read-only dictionary of messages, so code that only knows messages keeps
/// working; the API's problem writer asks for the codes (plain dictionaries get generic ones).
/// </summary>
[GenerateSerializer, Immutable, Alias("crm.FieldErrors")]
public sealed class FieldErrors : IReadOnlyDictionary<string, string[]>
{
    public static readonly FieldErrors None = new(new Dictionary<string, FieldError[]>());

    [Id(0)]
    private readonly Dictionary<string, FieldError[]> byField;

    private FieldErrors()
    {
        byField = [];
    }

    public FieldErrors(IEnumerable<KeyValuePair<string, FieldError[]>> byField)
    {
        this.byField = new Dictionary<string, FieldError[]>(byField);
    }

    public static FieldErrors Of(string field, string message, string code, IReadOnlyDictionary<string, object>? parameters = null) =>
        new([new(field, [new FieldError(message, code, parameters)])]);

    /// <summary><paramref name="errors"/> itself when it knows its codes, else its messages with the generic code.</summary>
    public static FieldErrors From(IReadOnlyDictionary<string, string[]> errors) => errors as FieldErrors
        ?? new(errors.Select(e => KeyValuePair.Create(e.Key, e.Value.Select(m => new FieldError(m, FieldCodes.Invalid)).ToArray())));

    /// <summary>The errors of one field, with their codes.</summary>
    public IReadOnlyList<FieldError> ErrorsOf(string field) => byField.TryGetValue(field, out var errors) ? errors : [];

    /// <summary>A copy with one more error on <paramref name="field"/>.</summary>
    public FieldErrors With(string field, string message, string code) =>
        new(byField.Where(e => e.Key != field).Append(new(field, [.. ErrorsOf(field), new FieldError(message, code)])));

    public string[] this[string key] => byField[key].Select(e => e.Message).ToArray();

    public IEnumerable<string> Keys => byField.Keys;

    public IEnumerable<string[]> Values => byField.Values.Select(v => v.Select(e => e.Message).ToArray());

    public int Count => byField.Count;

    public bool ContainsKey(string key) => byField.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string[] value)
    {
        value = byField.TryGetValue(key, out var errors) ? errors.Select(e => e.Message).ToArray() : null;
        return value is not null;
    }

    public IEnumerator<KeyValuePair<string, string[]>> GetEnumerator() =>
        byField.Select(e => new KeyValuePair<string, string[]>(e.Key, e.Value.Select(x => x.Message).ToArray())).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// The stable codes of field problems (docs/architecture.md, "Field problem codes"). Clients translate by
/// code; the English message stays in <c>errors</c>. Never rename one: add a new code instead.
/// </summary>
public static class FieldCodes
{
    /// <summary>Generic: the value was refused and no more precise code applies.</summary>
    public const string Invalid = "invalid";

    /// <summary>Generic for 409 answers.</summary>
    public const string Conflict = "conflict";

    public const string Required = "required";
    public const string TooLong = "too_long";
    public const string TooShort = "too_short";
    public const string TooLarge = "too_large";
    public const string TooMany = "too_many";
    public const string OutOfRange = "out_of_range";
    public const string InvalidChoice = "invalid_choice";
    public const string InvalidEmail = "invalid_email";
    public const string InvalidPhone = "invalid_phone";
    public const string InvalidFormat = "invalid_format";
    public const string UnknownCountry = "unknown_country";
    public const string UnknownCurrency = "unknown_currency";
    public const string UnknownLanguage = "unknown_language";
    public const string UnknownTimezone = "unknown_timezone";
    public const string TooManyDecimals = "too_many_decimals";
    public const string DiscountExceedsTotal = "discount_exceeds_total";
    public const string InFuture = "in_future";
    public const string NotAllowed = "not_allowed";
    public const string AlreadyExists = "already_exists";
    public const string ChangedConcurrently = "changed_concurrently";

    /// <summary>A given total disagrees with the one its parts add up to (param <c>expected</c>).</summary>
    public const string TotalMismatch = "total_mismatch";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(
    [
        Invalid, Conflict, Required, TooLong, TooShort, TooLarge, TooMany, OutOfRange, InvalidChoice, InvalidEmail,
        InvalidPhone, InvalidFormat, UnknownCountry, UnknownCurrency, UnknownLanguage, UnknownTimezone, TooManyDecimals,
        DiscountExceedsTotal, InFuture, NotAllowed, AlreadyExists, ChangedConcurrently, TotalMismatch,
    ]);
}
