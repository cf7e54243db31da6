using System.Text.Json;

namespace SimpleCrm.Domain.Common;

public static class JsonText
{
    /// <summary>True when the text parses as a JSON object (custom fields, addresses).</summary>
    public static bool IsObject(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
