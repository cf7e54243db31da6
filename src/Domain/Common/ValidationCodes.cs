using FluentValidation;
using FluentValidation.Results;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Domain.Common;

/// <summary>
/// Turns FluentValidation failures into <see cref="FieldErrors"/>: FluentValidation's own error codes
/// ("MaximumLengthValidator", ...) map to our stable codes with their parameters; rules that name one of
/// <see cref="FieldCodes"/> with <c>WithErrorCode</c> keep it; anything else is <see cref="FieldCodes.Invalid"/>.
/// </summary>
public static class ValidationCodes
{
    public static FieldErrors ToFieldErrors(ValidationResult result, Func<string, string> fieldOf) =>
        new(result.Errors
            .GroupBy(f => fieldOf(f.PropertyName))
            .Select(g => new KeyValuePair<string, FieldError[]>(g.Key, g.Select(ToFieldError).DistinctBy(e => e.Message).ToArray())));

    public static FieldError ToFieldError(ValidationFailure failure)
    {
        var (code, parameters) = Map(failure);
        return new FieldError(failure.ErrorMessage, code, parameters);
    }

    /// <summary>A failure with our code and parameters, for rules that add failures by hand.</summary>
    public static ValidationFailure Failure(string field, string message, string code, IReadOnlyDictionary<string, object>? parameters = null) =>
        new(field, message) { ErrorCode = code, CustomState = parameters };

    /// <summary>Parameters for <c>WithState</c> on rules with our own code.</summary>
    public static IRuleBuilderOptions<T, TProperty> WithCode<T, TProperty>(
        this IRuleBuilderOptions<T, TProperty> rule, string code, IReadOnlyDictionary<string, object>? parameters = null)
    {
        rule = rule.WithErrorCode(code);
        return parameters is null ? rule : rule.WithState(_ => parameters);
    }

    private static (string Code, IReadOnlyDictionary<string, object>? Parameters) Map(ValidationFailure failure)
    {
        var values = failure.FormattedMessagePlaceholderValues ?? new Dictionary<string, object>();
        object? Value(string name) => values.TryGetValue(name, out var value) ? value : null;
        Dictionary<string, object> Params(params (string Name, object? Value)[] items) =>
            items.Where(i => i.Value is not null).ToDictionary(i => i.Name, i => i.Value!);

        return failure.ErrorCode switch
        {
            "NotEmptyValidator" or "NotNullValidator" => (FieldCodes.Required, null),
            "MaximumLengthValidator" => (FieldCodes.TooLong, Params(("max_length", Value("MaxLength")))),
            "MinimumLengthValidator" => (FieldCodes.TooShort, Params(("min_length", Value("MinLength")))),
            "LengthValidator" or "ExactLengthValidator" => Value("TotalLength") is int total && Value("MaxLength") is int max && total > max
                ? (FieldCodes.TooLong, Params(("max_length", max)))
                : (FieldCodes.TooShort, Params(("min_length", Value("MinLength")))),
            "InclusiveBetweenValidator" or "ExclusiveBetweenValidator" =>
                (FieldCodes.OutOfRange, Params(("min", Value("From")), ("max", Value("To")))),
            "GreaterThanOrEqualValidator" or "GreaterThanValidator" => (FieldCodes.OutOfRange, Params(("min", Value("ComparisonValue")))),
            "LessThanOrEqualValidator" or "LessThanValidator" => (FieldCodes.OutOfRange, Params(("max", Value("ComparisonValue")))),
            "EnumValidator" or "NotEqualValidator" or "EqualValidator" => (FieldCodes.InvalidChoice, null),
            "EmailValidator" => (FieldCodes.InvalidEmail, null),
            "RegularExpressionValidator" => (FieldCodes.InvalidFormat, null),
            { } code when FieldCodes.All.Contains(code) => (code, failure.CustomState as IReadOnlyDictionary<string, object>),
            _ => (FieldCodes.Invalid, null),
        };
    }
}
