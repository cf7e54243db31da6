using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using SimpleCrm.Domain.Reference;

namespace SimpleCrm.Api.Fx;

/// <summary>One operator-supplied rate: on <paramref name="Date"/> one US dollar bought <paramref name="UnitsPerUsd"/> units of <paramref name="Currency"/>.</summary>
public sealed record OperatorRate(int Line, DateOnly Date, string Currency, decimal UnitsPerUsd);

/// <summary>
/// Reads an operator's exchange rate file for currencies the ECB feed lacks (KWD, for instance): UTF-8 CSV, comma
/// separated, one header line naming exactly the columns <c>date,currency,units_per_usd</c> (any order), then one rate
/// per line:
/// <code>
/// date,currency,units_per_usd
/// 2026-11-27,KWD,0.3075
/// </code>
/// <c>date</c> is YYYY-MM-DD (not in the future), <c>currency</c> an ISO 4217 code other than USD and EUR,
/// <c>units_per_usd</c> how many units of the currency one US dollar bought that day (a decimal with a '.', above 0,
/// at most 10 decimals). A day and currency may appear once. Every problem is reported with its line and column, and
/// a file with any problem is refused whole.
/// </summary>
public static class OperatorRateFile
{
    public static readonly IReadOnlyList<string> Columns = ["date", "currency", "units_per_usd"];

    private const decimal MaxUnitsPerUsd = 1_000_000_000m;
    private const int MaxDecimals = 10;
    private const int MaxErrors = 50;

    /// <summary>The rates, or the problems that refuse the file ("line 3, column 2 (currency): …").</summary>
    public static (IReadOnlyList<OperatorRate> Rates, IReadOnlyList<string> Errors) Read(TextReader text, DateOnly today)
    {
        var rates = new List<OperatorRate>();
        var errors = new List<string>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = false,
            TrimOptions = TrimOptions.Trim,
            BadDataFound = args => throw new BadDataException(args.Field, args.RawRecord, args.Context, "Broken quoting"),
        };
        using var csv = new CsvReader(text, config);
        try
        {
            if (!csv.Read() || !csv.ReadHeader())
            {
                return ([], ["line 1: the file is empty; the first line must be the header date,currency,units_per_usd."]);
            }

            var header = csv.HeaderRecord!.Select(h => h.ToLowerInvariant()).ToArray();
            for (var i = 0; i < header.Length; i++)
            {
                if (!Columns.Contains(header[i]))
                {
                    errors.Add($"line 1, column {i + 1} ({csv.HeaderRecord![i]}): unknown column; the columns are {string.Join(",", Columns)}.");
                }
                else if (Array.IndexOf(header, header[i]) != i)
                {
                    errors.Add($"line 1, column {i + 1} ({header[i]}): the column appears twice.");
                }
            }

            foreach (var missing in Columns.Where(c => !header.Contains(c)))
            {
                errors.Add($"line 1: the column {missing} is missing; the columns are {string.Join(",", Columns)}.");
            }

            if (errors.Count > 0)
            {
                return ([], errors);
            }

            var column = Columns.ToDictionary(c => c, c => Array.IndexOf(header, c));
            var seen = new Dictionary<(DateOnly, string), int>();
            while (csv.Read() && errors.Count < MaxErrors)
            {
                var line = csv.Parser.RawRow;
                string Field(string name) => csv.GetField(column[name]) ?? "";
                string At(string name) => $"line {line}, column {column[name] + 1} ({name})";
                if (csv.Parser.Count != header.Length)
                {
                    errors.Add($"line {line}: {csv.Parser.Count} fields, the header has {header.Length}.");
                    continue;
                }

                var rowErrors = errors.Count;
                if (!DateOnly.TryParseExact(Field("date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    errors.Add($"{At("date")}: '{Field("date")}' is not a date in the form YYYY-MM-DD.");
                }
                else if (date > today || date.Year < 1970)
                {
                    errors.Add($"{At("date")}: {Field("date")} is not between 1970-01-01 and today.");
                }

                var currency = Field("currency").ToUpperInvariant();
                if (!Currencies.IsKnown(currency))
                {
                    errors.Add($"{At("currency")}: '{Field("currency")}' is not an ISO 4217 currency code.");
                }
                else if (currency is "USD" or "EUR")
                {
                    errors.Add($"{At("currency")}: {currency} needs no operator rate (USD is the unit, EUR the ECB's base).");
                }

                var rateText = Field("units_per_usd");
                if (!decimal.TryParse(rateText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var unitsPerUsd))
                {
                    errors.Add($"{At("units_per_usd")}: '{rateText}' is not a decimal number with a '.' as decimal point.");
                }
                else if (unitsPerUsd <= 0 || unitsPerUsd > MaxUnitsPerUsd)
                {
                    errors.Add($"{At("units_per_usd")}: must be above 0 and at most {MaxUnitsPerUsd:N0}.");
                }
                else if (decimal.Round(unitsPerUsd, MaxDecimals) != unitsPerUsd)
                {
                    errors.Add($"{At("units_per_usd")}: at most {MaxDecimals} decimals.");
                }

                if (errors.Count > rowErrors)
                {
                    continue;
                }

                if (seen.TryGetValue((date, currency), out var earlier))
                {
                    errors.Add($"line {line}: {currency} on {Field("date")} is already given on line {earlier}.");
                    continue;
                }

                seen[(date, currency)] = line;
                rates.Add(new OperatorRate(line, date, currency, unitsPerUsd));
            }
        }
        catch (CsvHelperException e)
        {
            errors.Add($"line {e.Context?.Parser?.RawRow ?? 0}: the CSV is malformed ({e.Message.Split('\n')[0].Trim()}).");
        }

        if (errors.Count == 0 && rates.Count == 0)
        {
            errors.Add("line 2: the file has a header but no rates.");
        }

        return errors.Count > 0 ? ([], errors) : (rates, errors);
    }
}
