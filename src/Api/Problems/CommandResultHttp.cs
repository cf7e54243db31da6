using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Problems;

/// <summary>Turns a grain's refusal into the matching RFC 9457 answer.</summary>
public static class CommandResultHttp
{
    public static ProblemHttpResult ToProblem<T>(this CommandResult<T> result) => result.Outcome switch
    {
        CommandOutcome.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: result.Message),
        CommandOutcome.Conflict => FieldProblem(StatusCodes.Status409Conflict, "Conflict", result.Message, result.Errors),
        CommandOutcome.Invalid => FieldProblem(StatusCodes.Status400BadRequest, "Invalid input", result.Message, result.Errors),
        _ => throw new InvalidOperationException($"{result.Outcome} is not a refusal."),
    };

    public static ProblemHttpResult FieldProblem(int status, string title, string? detail, IReadOnlyDictionary<string, string[]> errors)
    {
        var problem = new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = status,
            Title = title,
            Detail = detail,
        };
        FieldProblemCodes.Add(problem, errors as FieldErrors);
        return TypedResults.Problem(problem);
    }
}
