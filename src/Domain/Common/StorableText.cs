using System.Text.Json;

namespace SimpleCrm.Domain.Common;

/// <summary>
/// Text PostgreSQL can store: no NUL character (text and jsonb refuse byte 0) and valid UTF-16 (a lone surrogate
/// has no UTF-8 encoding). Checked where text enters the API — JSON bodies, query strings, CSV cells — so such
/// input is a 400 naming the field instead of a database error.
/// </summary>
public static class StorableText
{
    public const string NulMessage = "Must not contain the NUL character (\\u0000).";
    public const string SurrogateMessage = "Must be valid Unicode text (it contains a lone surrogate).";

    /// <summary>Why the text cannot be stored, or null when it can.</summary>
    public static string? Problem(string? text)
    {
        if (text is null)
        {
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return NulMessage;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return SurrogateMessage;
            }
        }

        return null;
    }

    /// <summary>Why some string or property name in the JSON cannot be stored, or null when all can.</summary>
    public static string? Problem(JsonElement element)
    {
        try
        {
            return element.ValueKind switch
            {
                JsonValueKind.String => Problem(element.GetString()),
                JsonValueKind.Object => element.EnumerateObject().Select(p => Problem(p.Name) ?? Problem(p.Value)).FirstOrDefault(p => p is not null),
                JsonValueKind.Array => element.EnumerateArray().Select(Problem).FirstOrDefault(p => p is not null),
                _ => null,
            };
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate ("\ud800") cannot become a .NET string at all.
            return SurrogateMessage;
        }
    }

    /// <summary>Why the JSON text holds a string that cannot be stored; null when it can (or is not JSON: that is checked elsewhere).</summary>
    public static string? JsonProblem(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return Problem(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
