using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SimpleCrm.Api.Access;

namespace SimpleCrm.Api.OpenApi;

/// <summary>
/// Security per operation, as <see cref="AccessControl"/> decides it: anonymous endpoints (sign-in, sign-up,
/// password reset) need nothing; every other one takes an access token or an API key.
/// </summary>
internal static class OperationSecurity
{
    public const string Bearer = "bearer";
    public const string ApiKey = "api_key";

    public static bool IsAnonymous(OpenApiOperationTransformerContext context) =>
        context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any();

    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (IsAnonymous(context))
        {
            operation.Security = null;
            return Task.CompletedTask;
        }

        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey, context.Document)] = [] },
        ];
        return Task.CompletedTask;
    }

    public static void DescribeSchemes(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                Description = "The access_token of POST /api/v1/auth/login (or /mfa, /refresh, /signup).",
            },
            [ApiKey] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyAuthentication.Header,
                Description = "An integration's key (Settings → API keys). Never together with a bearer token.",
            },
        };

        // No document-wide requirement: it would also claim the anonymous operations.
        document.Security = null;
    }
}
