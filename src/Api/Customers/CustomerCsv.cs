using System.Globalization;
using System.Text.Json;
using CsvHelper;
using SimpleCrm.Domain.Customers;

namespace SimpleCrm.Api.Customers;

/// <summary>The CSV shape of a customer, shared by export and import so an export imports back unchanged.</summary>
public static class CustomerCsv
{
    /// <summary>Columns in order. Tags are ';'-separated; custom_fields and external_ids are JSON objects.</summary>
    public static readonly string[] Columns =
    [
        "id", "first_name", "last_name", "email", "phone", "company_name", "country_code", "region", "city", "postal_code",
        "timezone", "language", "currency", "status", "tags", "custom_fields", "external_ids", "owner_id",
        "lifetime_value", "lifetime_value_usd", "total_orders", "average_order_value", "first_order_date", "last_order_date",
        "created_at", "updated_at",
    ];

    /// <remarks>Async all the way: ASP.NET Core refuses synchronous writes to a response.</remarks>
    public static async Task WriteHeaderAsync(CsvWriter csv)
    {
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        await csv.NextRecordAsync();
    }

    public static async Task WriteRowAsync(CsvWriter csv, Customer c)
    {
        string? Date(DateTimeOffset? d) => d?.ToString("O", CultureInfo.InvariantCulture);
        string Number(decimal d) => (d / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
        object?[] values =
        [
            c.Id, c.FirstName, c.LastName, c.Email, c.Phone, c.CompanyName, c.CountryCode, c.Region, c.City, c.PostalCode,
            c.Timezone, c.Language, c.Currency, JsonNamingPolicy.SnakeCaseLower.ConvertName(c.Status.ToString()),
            string.Join(';', c.Tags), c.CustomFields.GetRawText(), JsonSerializer.Serialize(c.ExternalIds), c.OwnerId,
            Number(c.LifetimeValue), Number(c.LifetimeValueUsd), c.TotalOrders, Number(c.AverageOrderValue),
            Date(c.FirstOrderDate), Date(c.LastOrderDate), Date(c.CreatedAt), Date(c.UpdatedAt),
        ];
        foreach (var value in values)
        {
            csv.WriteField(value switch
            {
                null => "",
                Guid g => g.ToString(),
                int i => i.ToString(CultureInfo.InvariantCulture),
                _ => value.ToString(),
            });
        }

        await csv.NextRecordAsync();
    }
}
