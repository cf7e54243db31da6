using System.Globalization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SimpleCrm.Api.OpenApi;

/// <summary>
/// An endpoint typed <c>Results&lt;Ok&lt;Tokens&gt;, Ok&lt;MfaChallenge&gt;, …&gt;</c>, or declaring
/// <c>.Produces(200, "text/csv").Produces&lt;T&gt;(200, "application/json")</c>, answers one of several bodies with
/// the same status; the generator keeps only the last, and drops media types declared without a type (files).
/// This declares them all: each media type (a file's as a binary string), and several
/// bodies of one media type as an anyOf. (anyOf, not oneOf: the bodies share no discriminator property, and
/// generated clients such as Kiota read an anyOf of objects into every alternative whose fields are present,
/// where a oneOf without discriminator reads into none. The alternatives forbid each other's required fields,
/// so exactly one matches anyway.)
/// </summary>
internal static class AlternativeBodies
{
    private const string Json = "application/json";

    public static async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var byStatus = context.Description.ActionDescriptor.EndpointMetadata.OfType<IProducesResponseTypeMetadata>()
            .Where(m => m.StatusCode is >= 200 and < 300)
            .Where(m => Body(m.Type) is not null || m.ContentTypes.Any())
            .SelectMany(m => (m.ContentTypes.Any() ? m.ContentTypes : [Json]).Select(contentType => (m.StatusCode, ContentType: contentType, Type: Body(m.Type))))
            .Distinct()
            .GroupBy(m => m.StatusCode)
            .Where(g => g.Count() > 1 || g.Any(m => m.Type is null));
        foreach (var group in byStatus)
        {
            if (operation.Responses?.TryGetValue(group.Key.ToString(CultureInfo.InvariantCulture), out var found) is not true || found is not OpenApiResponse response)
            {
                continue;
            }

            response.Content = new Dictionary<string, OpenApiMediaType>();
            foreach (var media in group.GroupBy(m => m.ContentType))
            {
                var types = media.Select(m => m.Type).OfType<Type>().Distinct().ToList();
                var alternatives = new List<IOpenApiSchema>();
                foreach (var type in types)
                {
                    alternatives.Add(await SchemaAsync(type, context, cancellationToken));
                }

                response.Content[media.Key] = new OpenApiMediaType
                {
                    Schema = alternatives.Count switch
                    {
                        0 => new OpenApiSchema { Type = JsonSchemaType.String, Format = media.Key.StartsWith("text/", StringComparison.Ordinal) ? null : "binary" },
                        1 => alternatives[0],
                        _ => new OpenApiSchema { AnyOf = alternatives },
                    },
                };
            }
        }
    }

    private static Type? Body(Type? type) => type is null || type == typeof(void) ? null : type;

    private static async Task<IOpenApiSchema> SchemaAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (type.IsArray)
        {
            return new OpenApiSchema { Type = JsonSchemaType.Array, Items = await SchemaAsync(type.GetElementType()!, context, cancellationToken) };
        }

        var schema = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
        if (context.Document is not { } document || type.IsPrimitive || type == typeof(string) || type.IsGenericType)
        {
            return schema;
        }

        document.AddComponent(type.Name, schema);
        return new OpenApiSchemaReference(type.Name, document);
    }
}
