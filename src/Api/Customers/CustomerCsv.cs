using System.Buffers;
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

    /// <summary>
    /// First characters that make a spreadsheet run a cell as a formula (OWASP's CSV injection list). A text cell
    /// that starts with one is written after a single quote, which spreadsheets show as text and hide.
    /// </summary>
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    /// <summary>
    /// Text as a CSV cell no spreadsheet runs: "=1+2" becomes "'=1+2", and an E.164 phone "+4930…" becomes
    /// "'+4930…" (a spreadsheet would otherwise also turn it into a number and drop the '+'). Text that already
    /// starts with quotes before such a character gets one more, so <see cref="Restore"/> is its exact inverse.
    /// Numbers, dates and ids are written as they are: a negative amount is a number, not a formula.
    /// </summary>
    public static string Neutralize(string? text) => text is null ? "" : RunsAsFormula(text) ? "'" + text : text;

    /// <summary>The import's inverse of <see cref="Neutralize"/>, so an export imports back unchanged.</summary>
    public static string? Restore(string? cell) => cell is ['\'', .. var rest] && RunsAsFormula(rest) ? rest : cell;

    private static bool RunsAsFormula(string text) => text.TrimStart('\'') is [var first, ..] && FormulaStarts.Contains(first);

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
        string Text(string? value) => Neutralize(value);
        object?[] values =
        [
            c.Id, Text(c.FirstName), Text(c.LastName), Text(c.Email), Text(c.Phone), Text(c.CompanyName), Text(c.CountryCode), Text(c.Region),
            Text(c.City), Text(c.PostalCode), Text(c.Timezone), Text(c.Language), Text(c.Currency), JsonNamingPolicy.SnakeCaseLower.ConvertName(c.Status.ToString()),
            Text(string.Join(';', c.Tags)), c.CustomFields.GetRawText(), JsonSerializer.Serialize(c.ExternalIds), c.OwnerId,
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
