using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CsvHelper;

namespace SimpleCrm.Api.Analytics;

/// <summary>A report's rows as CSV: a header of the JSON field names, then one line per row, invariant culture.</summary>
public static class ReportCsv
{
    public static async Task WriteAsync<T>(HttpResponse response, string fileName, IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}.csv\"";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false));
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var property in properties)
        {
            csv.WriteField(JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));
        }

        await csv.NextRecordAsync();
        foreach (var row in rows)
        {
            foreach (var property in properties)
            {
                csv.WriteField(Text(property.GetValue(row)));
            }

            await csv.NextRecordAsync();
        }

        await csv.FlushAsync();
        await writer.FlushAsync(cancellationToken);
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        DateTime time => DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
