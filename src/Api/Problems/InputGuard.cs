using Microsoft.AspNetCore.Http.Metadata;
using SimpleCrm.Domain.Common;

namespace SimpleCrm.Api.Problems;

/// <summary>
/// Checks what every endpoint receives before it runs: query parameters and the path must be text PostgreSQL
/// can store (<see cref="StorableText"/>), and an endpoint that requires a body must get one. Each refusal is a
/// 400 naming the parameter, or "$" for the body.
/// </summary>
public sealed class InputGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        // Allocated only when something is refused: this runs on every request.
        Dictionary<string, string[]>? errors = null;
        if (StorableText.Problem(http.Request.Path.Value) is { } pathProblem)
        {
            (errors ??= [])["path"] = [pathProblem];
        }

        foreach (var (name, values) in http.Request.Query)
        {
            var problem = StorableText.Problem(name) ?? values.Select(StorableText.Problem).FirstOrDefault(p => p is not null);
            if (problem is not null)
            {
                (errors ??= [])[Printable(name)] = [problem];
            }
        }

        if (errors is null && MissesRequiredBody(http))
        {
            errors = new() { ["$"] = ["A JSON body is required."] };
        }

        if (errors is not null)
        {
            await CommandResultHttp.FieldProblem(StatusCodes.Status400BadRequest, "Invalid input", "The request cannot be read; see errors.", errors).ExecuteAsync(http);
            return;
        }

        await next(http);
    }

    private static bool MissesRequiredBody(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { IsOptional: false } accepts
        && accepts.ContentTypes.Any(t => t.Contains("json", StringComparison.OrdinalIgnoreCase))
        && http.Request.ContentLength is null or 0
        && !http.Request.Headers.TransferEncoding.Any(t => t?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>A parameter name fit for the errors object (its NULs and lone surrogates made visible).</summary>
    private static string Printable(string name) =>
        string.Concat(name.Select(c => c == '\0' || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
