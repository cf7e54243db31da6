using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Problems;

/// <summary>
/// The one place field problems get their machine-readable codes (docs/architecture.md, "Field problem codes"):
/// next to <c>errors</c> (field → English messages, unchanged) every field problem carries <c>codes</c>
/// (field → one code per message, same order) and, when a message names values, <c>code_params</c>
/// (field → {name: value}). Clients translate by code and fall back to the message.
/// </summary>
public static class FieldProblemCodes
{
    public const string CodesKey = "codes";
    public const string ParamsKey = "code_params";

    /// <summary>
    /// Adds codes to <paramref name="problem"/> unless it has them: the known codes of <paramref name="known"/>,
    /// else the generic one for the status (409 <c>conflict</c>, otherwise <c>invalid</c>).
    /// </summary>
    public static void Add(HttpValidationProblemDetails problem, FieldErrors? known)
    {
        if (problem.Errors.Count == 0 || problem.Extensions.ContainsKey(CodesKey))
        {
            return;
        }

        var generic = problem.Status == StatusCodes.Status409Conflict ? FieldCodes.Conflict : FieldCodes.Invalid;
        var codes = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        var parameters = new SortedDictionary<string, IReadOnlyDictionary<string, object>>(StringComparer.Ordinal);
        foreach (var (field, messages) in problem.Errors)
        {
            var errors = known?.ErrorsOf(field) ?? [];
            codes[field] = messages.Select(m => errors.FirstOrDefault(e => e.Message == m)?.Code ?? generic).ToArray();
            var named = errors.Where(e => e.Params is { Count: > 0 }).SelectMany(e => e.Params!)
                .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value);
            if (named.Count > 0)
            {
                parameters[field] = named;
            }
        }

        problem.Extensions[CodesKey] = codes;
        if (parameters.Count > 0)
        {
            problem.Extensions[ParamsKey] = parameters;
        }
    }

    /// <summary>Describes <c>codes</c> and <c>code_params</c> on the documented validation problem.</summary>
    public static void Describe(OpenApiDocument document)
    {
        if (document.Components?.Schemas?.TryGetValue("HttpValidationProblemDetails", out var schema) is not true
            || schema is not OpenApiSchema problem)
        {
            return;
        }

        problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
        problem.Properties[CodesKey] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Field → one stable snake_case code per message in errors, same order: "
                + string.Join(", ", FieldCodes.All.Order(StringComparer.Ordinal)) + ". Translate by code; unknown codes fall back to the message.",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        problem.Properties[ParamsKey] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Field → the values its messages name, e.g. {\"max_length\": 100}, {\"min\": 1, \"max\": 100000}, {\"currency\": \"USD\", \"decimals\": 2}.",
            AdditionalProperties = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Number | JsonSchemaType.Integer },
            },
        };
    }
}
