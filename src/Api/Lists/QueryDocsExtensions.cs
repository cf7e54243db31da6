using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using Microsoft.OpenApi;

namespace SimpleCrm.Api.Lists;

public static class QueryDocsExtensions
{
    /// <summary>Declares the properties of <typeparamref name="TDocs"/> as the operation's query parameters (snake_case).</summary>
    public static RouteHandlerBuilder WithQueryDocs<TDocs>(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var property in typeof(TDocs).GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.DeclaringType == typeof(TDocs) ? 0 : 1))
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name),
                    In = ParameterLocation.Query,
                    Required = false,
                    Description = property.GetCustomAttribute<DescriptionAttribute>()?.Description,
                    Schema = SchemaFor(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType),
                });
            }

            return Task.CompletedTask;
        });

    private static OpenApiSchema SchemaFor(Type type) => type switch
    {
        _ when type == typeof(int) => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
        _ when type == typeof(decimal) => new OpenApiSchema { Type = JsonSchemaType.Number },
        _ when type == typeof(bool) => new OpenApiSchema { Type = JsonSchemaType.Boolean },
        _ when type == typeof(Guid) => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
        _ when type == typeof(DateTimeOffset) => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
        _ => new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
