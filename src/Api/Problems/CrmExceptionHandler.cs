using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace SimpleCrm.Api.Problems;

/// <summary>
/// Maps exceptions that are not bugs to the right problem details: unreadable JSON and oversized bodies
/// are the client's mistake (4xx, naming the field); an unreachable cluster or database is 503, never 500.
/// </summary>
public sealed class CrmExceptionHandler(IProblemDetailsService problems, ILogger<CrmExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Classify(exception);
        if (problem is null)
        {
            return false;
        }

        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning(exception, "Dependency unavailable while serving {Path}", http.Request.Path);
            http.Response.Headers.RetryAfter = "5";
        }

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails? Classify(Exception exception)
    {
        if (ClusterFaults.Find<JsonException>(exception) is { } json)
        {
            var field = JsonPathToField(json.Path) is "$" && json is UnstorableTextException { Field: { } property } ? property : JsonPathToField(json.Path);
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [Describe(json)] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Invalid JSON",
                Detail = json.LineNumber is not null && !IsValueError(json)
                    ? $"The request body is not valid JSON (the error is near '{field}')."
                    : $"The value of '{field}' could not be read.",
            };
        }

        if (ClusterFaults.Find<BadHttpRequestException>(exception) is { } badRequest)
        {
            var tooLarge = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge
                || (badRequest.InnerException as BadHttpRequestException)?.StatusCode == StatusCodes.Status413PayloadTooLarge;
            return tooLarge
                ? new() { Status = StatusCodes.Status413PayloadTooLarge, Title = "Request body too large", Detail = "The request body exceeds the limit of this endpoint." }
                : new HttpValidationProblemDetails(new Dictionary<string, string[]> { [BoundField(badRequest.Message)] = [badRequest.Message] })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "Bad request",
                    Detail = badRequest.Message,
                };
        }

        if (ClusterFaults.IsUnavailable(exception))
        {
            return new()
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service temporarily unavailable",
                Detail = "The CRM cluster or its database cannot be reached right now. Nothing was changed; try again shortly.",
            };
        }

        return null;
    }

    /// <summary>"$.tags[2]" → "tags"; the API's field names are the JSON names.</summary>
    private static string JsonPathToField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "$";
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        var end = field.IndexOfAny(['.', '[']);
        return end > 0 ? field[..end] : field;
    }

    /// <summary>The parameter a binding failure names ("Failed to bind parameter \"Guid id\" from …" → id); "$" for the body.</summary>
    private static string BoundField(string message)
    {
        var bound = System.Text.RegularExpressions.Regex.Match(message, "^Failed to bind parameter \"[^\" ]+ ([^\" ]+)\"");
        return bound.Success ? bound.Groups[1].Value : "$";
    }

    private static bool IsValueError(JsonException json) =>
        json is UnstorableTextException
        || json.Message.Contains("could not be converted", StringComparison.Ordinal)
        || json.Message.Contains("could not be mapped", StringComparison.Ordinal);

    private static string Describe(JsonException json)
    {
        // System.Text.Json messages mention .NET type names; keep the part a client can act on.
        var message = json.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return "This field is not part of the resource.";
        }

        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        return message.Contains("could not be converted", StringComparison.Ordinal)
            ? "The value has the wrong type or an unknown value."
            : message;
    }
}
