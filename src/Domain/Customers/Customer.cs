using System.Text.Json;
using System.Text.Json.Serialization;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Domain.Customers;

/// <summary>
/// The public JSON document of a customer: the API's response, the webhook payload's data and the
/// audit log's before/after snapshot all use this one shape (snake_case names, as in the spec).
/// </summary>
public sealed record Customer
{
    public required Guid Id { get; init; }
    public required string FirstName { get; init; }
    public required string LastName { get; init; }
    public required string Email { get; init; }
    public required string? Phone { get; init; }
    public required string? CompanyName { get; init; }
    public required string CountryCode { get; init; }
    public required string? Region { get; init; }
    public required string? City { get; init; }
    public required string? PostalCode { get; init; }
    public required string Timezone { get; init; }
    public required string Language { get; init; }
    public required string Currency { get; init; }
    public required CustomerStatus Status { get; init; }
    public required IReadOnlyList<string> Tags { get; init; }
    public required JsonElement CustomFields { get; init; }
    public required Guid? OwnerId { get; init; }
    public required IReadOnlyDictionary<string, string> ExternalIds { get; init; }
    public required decimal LifetimeValue { get; init; }
    public required int TotalOrders { get; init; }
    public required decimal AverageOrderValue { get; init; }
    public required decimal LifetimeValueUsd { get; init; }
    public required decimal AverageOrderValueUsd { get; init; }
    public required DateTimeOffset? FirstOrderDate { get; init; }
    public required DateTimeOffset? LastOrderDate { get; init; }

    /// <summary>Orders left out of the figures above because no exchange rate for their currency is known yet; they count once restated.</summary>
    public required int PendingUsdOrders { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Increases with every change; send it back to update only what you saw.</summary>
    public required int Version { get; init; }

    public static Customer From(CustomerSnapshot c)
    {
        using var fields = JsonDocument.Parse(c.Profile.CustomFieldsJson);
        return new Customer
        {
            Id = c.Id,
            FirstName = c.Profile.FirstName,
            LastName = c.Profile.LastName,
            Email = c.Profile.Email,
            Phone = c.Profile.Phone,
            CompanyName = c.Profile.CompanyName,
            CountryCode = c.Profile.CountryCode,
            Region = c.Profile.Region,
            City = c.Profile.City,
            PostalCode = c.Profile.PostalCode,
            Timezone = c.Profile.Timezone,
            Language = c.Profile.Language,
            Currency = c.Profile.Currency,
            Status = c.Profile.Status,
            Tags = c.Profile.Tags,
            CustomFields = fields.RootElement.Clone(),
            OwnerId = c.Profile.OwnerId,
            ExternalIds = c.Profile.ExternalIds,
            LifetimeValue = c.Metrics.LifetimeValue,
            TotalOrders = c.Metrics.TotalOrders,
            AverageOrderValue = c.Metrics.AverageOrderValue,
            LifetimeValueUsd = c.Metrics.LifetimeValueUsd,
            AverageOrderValueUsd = c.Metrics.AverageOrderValueUsd,
            FirstOrderDate = c.Metrics.FirstOrderDate,
            LastOrderDate = c.Metrics.LastOrderDate,
            PendingUsdOrders = c.Metrics.PendingUsdOrders,
            CreatedAt = c.CreatedAt,
            UpdatedAt = c.UpdatedAt,
            Version = c.Version,
        };
    }
}

/// <summary>The JSON conventions of every public document: snake_case names and snake_case enum values.</summary>
public static class CrmJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new PlainDecimalConverter());
        return options;
    }
}

/// <summary>
/// Writes decimals without the trailing zeros of their storage scale (numeric(20,4) reads back as 9800.0000;
/// clients see 9800). The value is unchanged; currency precision is the currency's minor units, not the column's.
/// </summary>
public sealed class PlainDecimalConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value / 1.000000000000000000000000000000000m);
}
