using SimpleCrm.Api.Access;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Api.OpenApi;
using SimpleCrm.Data.Fx;
using SimpleCrm.Domain.Money;
using SimpleCrm.Domain.Reference;

namespace SimpleCrm.Api.Fx;

/// <summary>The euro reference rates in effect on a date (the newest on or before it).</summary>
public sealed record FxRatesResponse(DateOnly Date, IReadOnlyList<FxRateItem> Rates);

/// <param name="IsFallback">True when the rate is from an earlier day (weekend, holiday, not yet published).</param>
public sealed record FxRateItem(string Currency, DateOnly RateDate, decimal UnitsPerEur, bool IsFallback);

/// <param name="RateDate">The day of the oldest rate used; differs from <paramref name="Date"/> when <paramref name="IsFallback"/>.</param>
public sealed record FxConversionResponse(decimal Amount, string Currency, DateOnly Date, decimal AmountUsd, DateOnly RateDate, bool IsFallback, string? Note);

/// <summary>/api/v1/fx: exchange rates (global reference data, the same for every workspace) and USD conversion.</summary>
public static class FxEndpoints
{
    /// <summary>The money columns are numeric(20, 4): 16 integer digits at most.</summary>
    private const decimal MaxAmount = 10_000_000_000_000_000m;

    public static RouteGroupBuilder MapFx(this RouteGroupBuilder api)
    {
        var fx = api.MapResource("/fx", "FX");
        fx.MapGet("/rates", Rates).RequirePermission(Permission.OrdersRead).WithName("ListFxRates")
            .WithSummary("The ECB euro reference rates in effect on a date (default today, UTC).");
        fx.MapGet("/convert", Convert).RequirePermission(Permission.OrdersRead).WithName("ConvertToUsd").WithRequiredQuery("amount", "currency")
            .WithSummary("Convert an amount to USD at the rates in effect on a date (default today, UTC).");
        return fx;
    }

    private static async Task<Results<Ok<FxRatesResponse>, ProblemHttpResult>> Rates(FxRates fx, CancellationToken cancellationToken, string? date = null)
    {
        if (!TryParseDate(date, out var day))
        {
            return Problem.InvalidQuery("date", "Must be a date in the form YYYY-MM-DD.");
        }

        var quotes = await fx.GetAllAsync(day, cancellationToken);
        if (quotes.Count == 0)
        {
            return Problem.InvalidQuery("date", $"No exchange rates exist on or before {Iso(day)}.");
        }

        return TypedResults.Ok(new FxRatesResponse(day, quotes.Select(q => new FxRateItem(q.Currency, q.RateDate, q.UnitsPerEur, q.IsFallback)).ToList()));
    }

    private static async Task<Results<Ok<FxConversionResponse>, ProblemHttpResult>> Convert(
        CancellationToken cancellationToken, FxRates fx, string? amount = null, string? currency = null, string? date = null)
    {
        var errors = new Dictionary<string, string[]>();
        var code = currency?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code))
        {
            errors["currency"] = ["Required."];
        }
        else if (!Currencies.IsKnown(code))
        {
            errors["currency"] = [$"'{currency}' is not an ISO 4217 currency code."];
        }

        var value = 0m;
        if (string.IsNullOrWhiteSpace(amount))
        {
            errors["amount"] = ["Required."];
        }
        else if (!TryParseAmount(amount, out value))
        {
            errors["amount"] = ["Must be a decimal number with a '.' as decimal point and at most 16 digits before it."];
        }
        else if (code is not null && Currencies.IsKnown(code) && !MoneyRounding.HasValidScale(value, code))
        {
            errors["amount"] = [$"{code} amounts have at most {Currencies.MinorUnits(code)} decimal places."];
        }

        if (!TryParseDate(date, out var day))
        {
            errors["date"] = ["Must be a date in the form YYYY-MM-DD."];
        }

        if (errors.Count > 0)
        {
            return Problem.InvalidQuery(errors);
        }

        var conversion = await fx.ToUsdAsync(value, code!, day, cancellationToken);
        return conversion is null
            ? Problem.InvalidQuery("date", $"No exchange rate to convert {code} to USD exists on or before {Iso(day)}.")
            : TypedResults.Ok(new FxConversionResponse(
                conversion.Amount, conversion.Currency, conversion.Date, conversion.AmountUsd, conversion.RateDate, conversion.IsFallback, conversion.Note));
    }

    /// <summary>Invariant "-1234.56" style: no thousands separators or exponents, which are ambiguous in a query string.</summary>
    private static bool TryParseAmount(string text, out decimal amount) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount)
        && Math.Abs(amount) < MaxAmount;

    /// <summary>No value means today in UTC; otherwise exactly YYYY-MM-DD.</summary>
    private static bool TryParseDate(string? text, out DateOnly date)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            date = DateOnly.FromDateTime(DateTime.UtcNow);
            return true;
        }

        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
