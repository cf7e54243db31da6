using Microsoft.OpenApi;
using SimpleCrm.Api.Problems;

namespace SimpleCrm.Api.OpenApi;

/// <summary>
/// The OpenAPI document at /openapi/v1.json. The generator's defaults do not say everything the API does, so
/// transformers complete it: who may call what, every body an operation answers, the problems any request can
/// meet, and nullable values as JSON Schema 2020-12 validators read them. A contract test
/// validates every answer the API tests receive against this document.
/// </summary>
public static class CrmOpenApi
{
    public static IServiceCollection AddCrmOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "SimpleCrm API";
                document.Info.Description = "A real-time CRM for teams that sell online across borders. Sign in with POST /api/v1/auth/login and send "
                    + "Authorization: Bearer <access_token>, or send an integration's key in X-Api-Key (docs/api.md, docs/auth.md).";
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(OperationSecurity.TransformAsync);
            o.AddOperationTransformer(AlternativeBodies.TransformAsync);
            o.AddOperationTransformer(ProblemResponses.TransformAsync);
            o.AddDocumentTransformer((document, _, _) =>
            {
                OperationSecurity.DescribeSchemes(document);
                FieldProblemCodes.Describe(document);
                ProblemResponses.DescribeExtensions(document);
                NullableSchemas.Rewrite(document);
                return Task.CompletedTask;
            });
        });
}
