using Microsoft.OpenApi;

namespace SimpleCrm.Api.OpenApi;

public static class RequiredQueryExtensions
{
    /// <summary>
    /// Marks query parameters the handler refuses to go without as required. Handlers bind them as optional
    /// strings so that a missing one is answered with a problem naming it, not the framework's bare 400.
    /// </summary>
    public static RouteHandlerBuilder WithRequiredQuery(this RouteHandlerBuilder endpoint, params string[] names) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                if (parameter.In == ParameterLocation.Query && names.Contains(parameter.Name))
                {
                    parameter.Required = true;
                }
            }

            return Task.CompletedTask;
        });
}
