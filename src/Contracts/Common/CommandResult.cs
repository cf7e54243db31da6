namespace SimpleCrm.Contracts.Common;

public enum CommandOutcome
{
    Ok,
    NotFound,
    Invalid,
    Conflict,
}

/// <summary>
/// The answer of a grain command. Rule violations are values, not exceptions, so they cross the
/// grain boundary cheaply and the API can turn them into precise problem details.
/// </summary>
[GenerateSerializer, Immutable, Alias("crm.CommandResult`1")]
public sealed record CommandResult<T>(
    [property: Id(0)] CommandOutcome Outcome,
    [property: Id(1)] T? Value,
    [property: Id(2)] IReadOnlyDictionary<string, string[]> Errors,
    [property: Id(3)] string? Message)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public bool IsOk => Outcome == CommandOutcome.Ok;

    public static CommandResult<T> Ok(T value) => new(CommandOutcome.Ok, value, NoErrors, null);

    public static CommandResult<T> NotFound(string message) => new(CommandOutcome.NotFound, default, NoErrors, message);

    public static CommandResult<T> Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(CommandOutcome.Invalid, default, errors, "One or more fields are invalid.");

    /// <summary>A 409 on <paramref name="field"/>; <paramref name="code"/> is one of <see cref="FieldCodes"/>.</summary>
    public static CommandResult<T> Conflict(string field, string message, string code = FieldCodes.Conflict) =>
        new(CommandOutcome.Conflict, default, FieldErrors.Of(field, message, code), message);
}
