using Microsoft.AspNetCore.Http.HttpResults;

namespace SimpleCrm.Api.Problems;

/// <summary>
/// The problems every resource answers with, spelled once. Field problems go through
/// <see cref="CommandResultHttp.FieldProblem"/>, which adds the machine-readable codes.
/// </summary>
public static class Problem
{
    public const string AnyFieldInvalid = "One or more fields are invalid.";
    public const string AnyQueryParameterInvalid = "One or more query parameters are invalid.";

    /// <summary>404 for a resource that does not exist, or that the caller may not see.</summary>
    public static ProblemHttpResult NotFound(string kind, Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"{kind} {id} does not exist.");

    /// <summary>400 "Invalid input" naming the fields of the body that are wrong.</summary>
    public static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string[]> errors, string? detail = AnyFieldInvalid) =>
        CommandResultHttp.FieldProblem(StatusCodes.Status400BadRequest, "Invalid input", detail, errors);

    /// <summary>400 "Invalid input" for one field of the body.</summary>
    public static ProblemHttpResult Invalid(string field, string error, string? detail = AnyFieldInvalid) =>
        Invalid(new Dictionary<string, string[]> { [field] = [error] }, detail);

    /// <summary>400 "Invalid query" naming the query parameters that are wrong.</summary>
    public static ProblemHttpResult InvalidQuery(IReadOnlyDictionary<string, string[]> errors, string? detail = AnyQueryParameterInvalid) =>
        CommandResultHttp.FieldProblem(StatusCodes.Status400BadRequest, "Invalid query", detail, errors);

    /// <summary>400 "Invalid query" for one query parameter.</summary>
    public static ProblemHttpResult InvalidQuery(string parameter, string error, string? detail = AnyQueryParameterInvalid) =>
        InvalidQuery(new Dictionary<string, string[]> { [parameter] = [error] }, detail);
}
