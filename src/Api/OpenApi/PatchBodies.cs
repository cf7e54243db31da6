using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SimpleCrm.Api.OpenApi;

/// <summary>
/// A PATCH changes only the fields it sends, so none of its body's fields is required. When the body type is
/// shared with other operations, the PATCH gets its own copy of the schema ("…Patch") without the required list.
/// </summary>
internal static class PatchBodies
{
    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!HttpMethods.IsPatch(context.Description.HttpMethod ?? "") || operation.RequestBody?.Content is not { } content || context.Document is not { } document)
        {
            return Task.CompletedTask;
        }

        foreach (var media in content.Values.OfType<OpenApiMediaType>())
        {
            if (media.Schema is OpenApiSchemaReference { Reference.Id: { } id } reference && reference.Required is { Count: > 0 })
            {
                var patchId = id + "Patch";
                document.AddComponent<IOpenApiSchema>(patchId, new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Every field is optional: fields left out keep their value.",
                    Properties = reference.Properties is null ? null : new Dictionary<string, IOpenApiSchema>(reference.Properties),
                    AdditionalProperties = reference.AdditionalProperties,
                    AdditionalPropertiesAllowed = reference.AdditionalPropertiesAllowed,
                });
                media.Schema = new OpenApiSchemaReference(patchId, document);
            }
            else if (media.Schema is OpenApiSchema inline)
            {
                inline.Required = null;
            }
        }

        return Task.CompletedTask;
    }
}
