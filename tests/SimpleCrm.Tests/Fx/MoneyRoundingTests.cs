using SimpleCrm.Domain.Money;

namespace SimpleCrm.Tests.Fx;

public sealed class MoneyRoundingTests
{
    [Theory]
    [InlineData("1234.5", "JPY", "1235")]
    [InlineData("1234.4", "JPY", "1234")]
    [InlineData("-1234.5", "JPY", "-1235")]
    [InlineData("2.345", "USD", "2.35")]
    [InlineData("2.335", "USD", "2.34")]
    [InlineData("-2.345", "USD", "-2.35")]
    [InlineData("0.005", "EUR", "0.01")]
    [InlineData("1.2345", "KWD", "1.235")]
    [InlineData("-1.2345", "KWD", "-1.235")]
    [InlineData("1.2344", "KWD", "1.234")]
    [InlineData("7", "USD", "7")]
    public void Rounds_to_the_currency_minor_unit_with_halves_away_from_zero(string amount, string currency, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            MoneyRounding.Round(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency));
    }

    [Fact]
    public void Is_not_bankers_rounding()
    {
        // Half to even would give 2.34 and 1234; commercial rounding gives 2.35 and 1235.
        Assert.Equal(2.35m, MoneyRounding.Round(2.345m, "USD"));
        Assert.Equal(1235m, MoneyRounding.Round(1234.5m, "JPY"));
        Assert.NotEqual(Math.Round(2.345m, 2), MoneyRounding.Round(2.345m, "USD"));
    }

    [Theory]
    [InlineData("10.5", "JPY", false)]
    [InlineData("10", "JPY", true)]
    [InlineData("10.00", "JPY", true)]
    [InlineData("1.234", "KWD", true)]
    [InlineData("1.2345", "KWD", false)]
    [InlineData("19.99", "USD", true)]
    [InlineData("19.999", "USD", false)]
    [InlineData("-0.01", "EUR", true)]
    public void HasValidScale_allows_no_more_decimals_than_the_currency_has(string amount, string currency, bool valid)
    {
        Assert.Equal(valid, MoneyRounding.HasValidScale(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency));
    }

    [Fact]
    public void An_unknown_currency_is_refused()
    {
        Assert.Throws<ArgumentException>(() => MoneyRounding.Round(1m, "XXY"));
        Assert.Throws<ArgumentException>(() => MoneyRounding.HasValidScale(1m, "usd"));
    }
}
