using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleCrm.Domain.Customers;

namespace SimpleCrm.Api.Lists;

/// <summary>Sparse fieldsets: a document reduced to the fields a client asked for.</summary>
public static class SparseFields
{
    public static IReadOnlySet<string> Of<T>() =>
        typeof(T).GetProperties().Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)).ToHashSet();

    public static JsonObject Select<T>(T document, IReadOnlySet<string> fields)
    {
        var json = JsonSerializer.SerializeToNode(document, CrmJson.Options)!.AsObject();
        foreach (var name in json.Select(p => p.Key).Where(k => !fields.Contains(k)).ToList())
        {
            json.Remove(name);
        }

        return json;
    }
}
