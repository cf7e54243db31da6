using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SimpleCrm.Api.OpenApi;

namespace SimpleCrm.Api.Idempotency;

/// <summary>Documents the optional Idempotency-Key header, and the 409 and 422 it can bring, on every signed-in POST.</summary>
internal static class IdempotencyKeyDocs
{
    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!HttpMethods.IsPost(context.Description.HttpMethod ?? "") || OperationSecurity.IsAnonymous(context)
            || context.Description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) is not true)
        {
            return Task.CompletedTask;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotentRequest.Header,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Makes a retry safe: a request repeated with the same key (1–255 visible ASCII characters, kept 24 h per caller) "
                + "gets the first answer again, marked Idempotent-Replayed: true, instead of being carried out twice.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotentRequest.MaxKeyLength, Pattern = "^[!-~]+$" },
        });

        operation.Responses ??= [];
        var problem = new OpenApiSchemaReference("ProblemDetails", context.Document);
        Add(StatusCodes.Status409Conflict, "A request with the same Idempotency-Key is still in progress (Retry-After says when to retry), or a conflict with the current state.");
        Add(StatusCodes.Status422UnprocessableEntity, "The Idempotency-Key was used for a different request.");
        return Task.CompletedTask;

        void Add(int status, string description) =>
            operation.Responses.TryAdd(status.ToString(CultureInfo.InvariantCulture), new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = problem } },
            });
    }
}
