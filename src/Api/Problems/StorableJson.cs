using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SimpleCrm.Domain.Common;

namespace SimpleCrm.Api.Problems;

/// <summary>
/// Refuses, while a request body is read, every string PostgreSQL could not store (<see cref="StorableText"/>):
/// in properties, lists, dictionaries and free JSON (custom fields, addresses), property names included. It
/// checks each object once it is read instead of adding a string converter, so the OpenAPI schemas keep their
/// types. The refusal is a <see cref="JsonException"/> naming the property, answered as a 400.
/// </summary>
public static class StorableJson
{
    public static IJsonTypeInfoResolver Guard(IJsonTypeInfoResolver? resolver) =>
        (resolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(CheckWhenRead);

    private static void CheckWhenRead(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var checkedProperties = type.Properties.Where(p => p.Get is not null && NeedsCheck(p.PropertyType)).ToList();
        if (checkedProperties.Count == 0)
        {
            return;
        }

        var previous = type.OnDeserialized;
        type.OnDeserialized = value =>
        {
            foreach (var property in checkedProperties)
            {
                try
                {
                    Check(property.Get!(value));
                }
                catch (UnstorableTextException e)
                {
                    throw new UnstorableTextException(e.Message, property.Name);
                }
            }

            previous?.Invoke(value);
        };
    }

    private static bool NeedsCheck(Type type) =>
        type == typeof(string) || type == typeof(JsonElement) || type == typeof(JsonElement?) || type == typeof(object)
        || (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type));

    private static void Check(object? value)
    {
        switch (value)
        {
            case string text:
                Refuse(StorableText.Problem(text));
                break;
            case JsonElement element:
                Refuse(StorableText.Problem(element));
                break;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    Check(entry.Key);
                    Check(entry.Value);
                }

                break;
            case IEnumerable items:
                foreach (var item in items)
                {
                    Check(item);
                }

                break;
        }
    }

    private static void Refuse(string? problem)
    {
        if (problem is not null)
        {
            throw new UnstorableTextException(problem);
        }
    }
}

/// <summary>A string in a request body that cannot be stored; answered as a 400 naming the field.</summary>
public sealed class UnstorableTextException(string message, string? field = null) : JsonException(message)
{
    /// <summary>The JSON name of the property holding the text.</summary>
    public string? Field { get; } = field;
}
