using Microsoft.OpenApi;

namespace SimpleCrm.Api.OpenApi;

/// <summary>
/// The generator writes a nullable reference as <c>oneOf: [{type: null}, {$ref}]</c>. When the referenced schema
/// itself admits null (a nullable enum lists null; an arbitrary JSON value admits anything) null matches both
/// branches and a JSON Schema 2020-12 validator refuses it ("must match exactly one schema in oneOf"). anyOf
/// says what is meant: the value, or null.
/// </summary>
internal static class NullableSchemas
{
    public static void Rewrite(OpenApiDocument document)
    {
        var seen = new HashSet<OpenApiSchema>(ReferenceEqualityComparer.Instance);
        foreach (var schema in document.Components?.Schemas?.Values ?? [])
        {
            Visit(schema, seen);
        }

        foreach (var operation in document.Paths?.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []) ?? [])
        {
            foreach (var parameter in operation.Parameters ?? [])
            {
                Visit(parameter.Schema, seen);
            }

            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
            {
                Visit(media.Schema, seen);
            }

            foreach (var media in operation.Responses?.Values.SelectMany(r => r.Content?.Values ?? []) ?? [])
            {
                Visit(media.Schema, seen);
            }
        }
    }

    private static void Visit(IOpenApiSchema? candidate, HashSet<OpenApiSchema> seen)
    {
        if (candidate is not OpenApiSchema schema || !seen.Add(schema))
        {
            return;
        }

        if (schema.OneOf is { Count: 2 } oneOf && oneOf.Any(IsNull) && oneOf.Any(s => s is OpenApiSchemaReference))
        {
            schema.AnyOf = [oneOf.First(s => !IsNull(s)), oneOf.First(IsNull)];
            schema.OneOf = null;
        }

        foreach (var child in Children(schema))
        {
            Visit(child, seen);
        }
    }

    private static bool IsNull(IOpenApiSchema schema) => schema is OpenApiSchema { Type: JsonSchemaType.Null };

    private static IEnumerable<IOpenApiSchema?> Children(OpenApiSchema schema) =>
        (schema.Properties?.Values ?? Enumerable.Empty<IOpenApiSchema>())
            .Concat(schema.AllOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.OneOf ?? [])
            .Append(schema.Items).Append(schema.AdditionalProperties);
}
