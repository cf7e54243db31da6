using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SimpleCrm.Api.OpenApi;

/// <summary>
/// An endpoint typed <c>Results&lt;Ok&lt;Tokens&gt;, Ok&lt;MfaChallenge&gt;, …&gt;</c> answers one of several bodies
/// with the same status; the generator keeps only the last. This declares them all, as a oneOf.
/// </summary>
internal static class AlternativeBodies
{
    public static async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var byStatus = context.Description.ActionDescriptor.EndpointMetadata.OfType<IProducesResponseTypeMetadata>()
            .Where(m => m.Type is not null && m.Type != typeof(void) && m.StatusCode is >= 200 and < 300)
            .GroupBy(m => m.StatusCode)
            .Where(g => g.Select(m => m.Type).Distinct().Count() > 1);
        foreach (var group in byStatus)
        {
            var status = group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses?.TryGetValue(status, out var response) is not true || response.Content is null)
            {
                continue;
            }

            var alternatives = new List<IOpenApiSchema>();
            foreach (var type in group.Select(m => m.Type!).Distinct())
            {
                alternatives.Add(await ReferenceAsync(type, context, cancellationToken));
            }

            foreach (var media in response.Content.Values.OfType<OpenApiMediaType>())
            {
                media.Schema = new OpenApiSchema { OneOf = alternatives };
            }
        }
    }

    private static async Task<IOpenApiSchema> ReferenceAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
        if (context.Document is not { } document)
        {
            return schema;
        }

        document.AddComponent(type.Name, schema);
        return new OpenApiSchemaReference(type.Name, document);
    }
}
