using System.Globalization;
using System.Text;
using SimpleCrm.Data.Fx;

namespace SimpleCrm.Api.Fx;

/// <summary>
/// <c>dotnet SimpleCrm.Api.dll fx import FILE</c> (<c>./crm fx import FILE</c>): loads an operator's rate file
/// (<see cref="OperatorRateFile"/>) for currencies the ECB feed lacks, all or nothing. The rates are stored as units
/// per euro, through the ECB's USD rate of the same day (or the nearest earlier one). Writing them notifies every
/// running API node, whose <see cref="PendingUsdRestater"/> restates the orders that waited for them; with no node
/// running, the next start does.
/// </summary>
public static class FxImportCommand
{
    public const string Source = "operator";
    private const string Usage = "usage: fx import FILE   (CSV with the header date,currency,units_per_usd)";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        if (args is not ["import", var path])
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"fx import: {path}: no such file.");
            return 2;
        }

        using var text = new StreamReader(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        var (rates, problems) = await ImportAsync(services.GetRequiredService<FxRates>(), text, DateOnly.FromDateTime(DateTime.UtcNow));
        if (problems.Count > 0)
        {
            await error.WriteLineAsync($"fx import: {path} was not loaded (nothing was written):");
            foreach (var problem in problems)
            {
                await error.WriteLineAsync($"  {problem}");
            }

            return 1;
        }

        var summary = string.Join(", ", rates.GroupBy(r => r.Currency).OrderBy(g => g.Key)
            .Select(g => $"{g.Key} {Iso(g.Min(r => r.Date))}…{Iso(g.Max(r => r.Date))}"));
        await output.WriteLineAsync($"fx import: loaded {rates.Count} rates ({summary}) from {path}. "
            + "Orders waiting for these rates are restated by the running CRM now, or when it next starts.");
        return 0;
    }

    /// <summary>Validates the whole file, then stores every rate in one transaction; on any problem nothing is stored.</summary>
    public static async Task<(IReadOnlyList<OperatorRate> Rates, IReadOnlyList<string> Problems)> ImportAsync(FxRates fx, TextReader text, DateOnly today)
    {
        IReadOnlyList<OperatorRate> rates;
        IReadOnlyList<string> problems;
        try
        {
            (rates, problems) = OperatorRateFile.Read(text, today);
        }
        catch (DecoderFallbackException)
        {
            return ([], ["the file is not UTF-8 text."]);
        }

        if (problems.Count > 0)
        {
            return ([], problems);
        }

        var perEur = new List<EcbRate>();
        var conversionProblems = new List<string>();
        foreach (var rate in rates)
        {
            // fx_rates holds units per euro; the USD rate of the day turns the operator's per-dollar rate into one.
            if (await fx.GetAsync("USD", rate.Date) is not { } usd)
            {
                conversionProblems.Add($"line {rate.Line}, column date: there is no ECB USD rate on or before {Iso(rate.Date)} to relate it to the euro.");
                continue;
            }

            perEur.Add(new EcbRate(rate.Date, rate.Currency, decimal.Round(rate.UnitsPerUsd * usd.UnitsPerEur, 10, MidpointRounding.AwayFromZero)));
        }

        if (conversionProblems.Count > 0)
        {
            return ([], conversionProblems);
        }

        await fx.UpsertAsync(perEur, Source);
        return (rates, []);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
