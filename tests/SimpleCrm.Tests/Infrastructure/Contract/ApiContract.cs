using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace SimpleCrm.Tests.Infrastructure.Contract;

/// <summary>One answer that the served OpenAPI document does not describe.</summary>
public sealed record ContractViolation(string Operation, int Status, string Location, string Message)
{
    public override string ToString() => $"{Operation} → {Status}: {Location}: {Message}";
}

/// <summary>
/// The served OpenAPI 3.1 document as a checker of answers: finds the operation of a request, the response of
/// its status and the media type of its body, and validates the body with JsonSchema.Net (JSON Schema 2020-12,
/// the dialect of OpenAPI 3.1), an implementation independent of the one that wrote the document.
/// </summary>
public sealed partial class ApiContract
{
    /// <summary>The components are registered under this id; the document's local refs are rewritten to it.</summary>
    private const string ComponentsId = "https://contract.simplecrm.test/components";

    private readonly JsonObject paths;
    private readonly List<(string Template, Regex Pattern, int Parameters)> templates;
    private readonly EvaluationOptions options;
    private readonly Dictionary<string, JsonSchema> schemas = [];
    private readonly Lock gate = new();

    public ApiContract(string document)
    {
        var rewritten = document.Replace("\"#/components/schemas/", $"\"{ComponentsId}#/$defs/", StringComparison.Ordinal);
        var root = JsonNode.Parse(rewritten)!.AsObject();
        Text = document;
        paths = root["paths"]!.AsObject();
        templates = paths.Select(p => (p.Key, new Regex("^" + ParameterSegment().Replace(Regex.Escape(p.Key), "[^/]+") + "$"), p.Key.Count(c => c == '{')))
            .OrderBy(t => t.Item3).ToList();
        options = new EvaluationOptions { EvaluateAs = SpecVersion.Draft202012, OutputFormat = OutputFormat.List };
        var components = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = ComponentsId,
            ["$defs"] = root["components"]?["schemas"]?.DeepClone() ?? new JsonObject(),
        };
        options.SchemaRegistry.Register(JsonSchema.FromText(components.ToJsonString()));
    }

    /// <summary>The document as served.</summary>
    public string Text { get; }

    public IReadOnlyList<ContractViolation> Check(string method, string path, int status, string? mediaType, string body)
    {
        // The most literal path template that matches (/customers/export before /customers/{id}): a PATCH of
        // /segments/preview is a method /segments/preview lacks, not a PATCH of a segment whose id is "preview".
        var trimmed = path.TrimEnd('/') is { Length: > 0 } p ? p : "/";
        var template = templates.FirstOrDefault(t => t.Pattern.IsMatch(trimmed)).Template;
        if (template is null || paths[template]?[method.ToLowerInvariant()] is not JsonObject operation)
        {
            // Not an operation of the API (health, hub, web app, the fallback for unknown /api paths).
            return [];
        }

        var name = $"{method.ToUpperInvariant()} {template}";
        var code = status.ToString(CultureInfo.InvariantCulture);
        if (operation["responses"]?[code] is not JsonObject response)
        {
            return [new(name, status, "", $"status {status} is not documented{Excerpt(body)}")];
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            return [];
        }

        if (response["content"] is not JsonObject content || content.Count == 0)
        {
            return [new(name, status, "", $"a {mediaType} body is not documented{Excerpt(body)}")];
        }

        if (mediaType is null || content[mediaType] is not JsonObject media)
        {
            return [new(name, status, "", $"media type {mediaType} is not documented (documented: {string.Join(", ", content.Select(c => c.Key))})")];
        }

        if (!mediaType.EndsWith("json", StringComparison.Ordinal) || media["schema"] is not JsonNode schemaNode)
        {
            return [];
        }

        JsonNode? instance;
        try
        {
            instance = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            return [new(name, status, "", $"the body is not JSON: {e.Message}")];
        }

        lock (gate)
        {
            var key = $"{name} {code} {mediaType}";
            if (!schemas.TryGetValue(key, out var schema))
            {
                var text = schemaNode.ToJsonString().Replace("\"#/components/schemas/", $"\"{ComponentsId}#/$defs/", StringComparison.Ordinal);
                schemas[key] = schema = JsonSchema.FromText(text);
            }

            var result = schema.Evaluate(instance, options);
            return result.IsValid
                ? []
                : (result.Details.Count > 0 ? result.Details : [result])
                    .Where(d => d.HasErrors)
                    .SelectMany(d => d.Errors!.Select(e => new ContractViolation(name, status, d.InstanceLocation.ToString(), $"{e.Key}: {e.Value}")))
                    .DefaultIfEmpty(new ContractViolation(name, status, "", "the body does not match its schema"))
                    .ToList();
        }
    }

    private static string Excerpt(string body) => string.IsNullOrWhiteSpace(body) ? "" : $" (body: {body[..Math.Min(body.Length, 300)]})";

    [GeneratedRegex(@"\\\{[^}]+}")]
    private static partial Regex ParameterSegment();
}
