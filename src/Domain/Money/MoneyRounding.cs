using SimpleCrm.Domain.Reference;

namespace SimpleCrm.Domain.Money;

/// <summary>
/// Rounds amounts to the minor unit of their currency (ISO 4217: JPY 0 decimals, USD 2, KWD 3).
/// The rule is commercial rounding: a half is rounded away from zero (2.345 → 2.35, -2.345 → -2.35,
/// 1234.5 JPY → 1235), which is what invoices, tax authorities and customers expect. It is deliberately
/// not .NET's default banker's rounding (half to even), which would turn 2.345 into 2.34.
/// </summary>
public static class MoneyRounding
{
    /// <exception cref="ArgumentException">The currency is not an active ISO 4217 code.</exception>
    public static decimal Round(decimal amount, string currency) =>
        Math.Round(amount, Currencies.MinorUnits(currency), MidpointRounding.AwayFromZero);

    /// <summary>
    /// True when the amount needs no more decimals than the currency has (10.5 JPY false, 1.234 KWD true).
    /// Trailing zeros do not count: 10.00 JPY is ten yen and valid.
    /// </summary>
    /// <exception cref="ArgumentException">The currency is not an active ISO 4217 code.</exception>
    public static bool HasValidScale(decimal amount, string currency) =>
        decimal.Round(amount, Currencies.MinorUnits(currency)) == amount;
}
