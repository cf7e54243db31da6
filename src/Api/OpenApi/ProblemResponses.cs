using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SimpleCrm.Api.OpenApi;

/// <summary>
/// The problems (RFC 9457, application/problem+json) any request can meet besides those its group lists: 400 for
/// unreadable input, 401/403 from access control, 404 for an unknown id, 413 for a body over the limit, 429 when
/// the hourly budget is spent and 503 while the cluster or database cannot be reached. Every problem response
/// gets a body schema, and the members every problem carries (request_id, trace_id, field errors and codes)
/// are declared.
/// </summary>
internal static class ProblemResponses
{
    private const string ProblemJson = "application/problem+json";
    private const string ImportReport = nameof(Customers.ImportReport);

    public static async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Document is not { } document)
        {
            return;
        }

        var problem = await ReferenceAsync(typeof(ProblemDetails), context, cancellationToken);
        var fieldProblem = await ReferenceAsync(typeof(HttpValidationProblemDetails), context, cancellationToken);
        operation.Responses ??= [];
        Add(StatusCodes.Status400BadRequest, "Invalid input: the problem names each wrong field in errors, with codes.", fieldProblem);
        if (!OperationSecurity.IsAnonymous(context))
        {
            Add(StatusCodes.Status401Unauthorized, "No valid access token or API key.", problem);
            Add(StatusCodes.Status403Forbidden, "The caller's role or key scopes do not allow this, or MFA setup is pending.", problem);
        }

        if (context.Description.ParameterDescriptions.Any(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Path))
        {
            Add(StatusCodes.Status404NotFound, "Not found, or not visible to the caller.", problem);
        }

        if (operation.RequestBody is not null)
        {
            Add(StatusCodes.Status413PayloadTooLarge, "The request body is over the limit.", problem);
            Add(StatusCodes.Status415UnsupportedMediaType, "The body is not of the media type the operation takes.", problem);
        }

        Add(StatusCodes.Status429TooManyRequests, "The hourly request budget is spent; Retry-After says when to try again.", problem);
        Add(StatusCodes.Status503ServiceUnavailable, "The cluster or database cannot be reached right now; nothing was changed. Retry after Retry-After seconds.", problem);

        foreach (var (status, response) in operation.Responses)
        {
            if (int.TryParse(status, CultureInfo.InvariantCulture, out var code) && code >= 400 && response is OpenApiResponse { Content: null or { Count: 0 } } bare)
            {
                bare.Content = Problem(code == StatusCodes.Status400BadRequest ? fieldProblem : problem);
            }
        }

        void Add(int status, string description, IOpenApiSchema schema) =>
            operation.Responses.TryAdd(status.ToString(CultureInfo.InvariantCulture), new OpenApiResponse { Description = description, Content = Problem(schema) });
    }

    /// <summary>The members the API adds to problems, declared on both problem schemas (which forbid undeclared members).</summary>
    public static void DescribeExtensions(OpenApiDocument document)
    {
        foreach (var name in new[] { nameof(ProblemDetails), nameof(HttpValidationProblemDetails) })
        {
            if (document.Components?.Schemas?.TryGetValue(name, out var found) is not true || found is not OpenApiSchema schema)
            {
                continue;
            }

            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["request_id"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "This request's id, also in the X-Request-Id header and the audit log: quote it when asking for help.",
            };
            schema.Properties["trace_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The W3C trace id of the request." };
            // CSV import only (422, all_or_nothing): the report of the import that was refused, with its bad rows.
            schema.Properties["report"] = document.Components.Schemas.ContainsKey(ImportReport)
                ? new OpenApiSchemaReference(ImportReport, document)
                : new OpenApiSchema { Description = "CSV import only: the import report." };
        }

        // Field problems can also come with 409 (conflicting values) or 422, documented as plain problems.
        if (document.Components?.Schemas?.TryGetValue(nameof(HttpValidationProblemDetails), out var field) is true && field is OpenApiSchema fields
            && document.Components.Schemas.TryGetValue(nameof(ProblemDetails), out var plain) && plain is OpenApiSchema problem)
        {
            foreach (var name in new[] { "errors", Problems.FieldProblemCodes.CodesKey, Problems.FieldProblemCodes.ParamsKey })
            {
                if (fields.Properties?.TryGetValue(name, out var member) is true)
                {
                    problem.Properties![name] = member;
                }
            }
        }
    }

    private static Dictionary<string, OpenApiMediaType> Problem(IOpenApiSchema schema) => new() { [ProblemJson] = new OpenApiMediaType { Schema = schema } };

    private static async Task<IOpenApiSchema> ReferenceAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(type.Name) is not true)
        {
            document.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        }

        return new OpenApiSchemaReference(type.Name, document);
    }
}
