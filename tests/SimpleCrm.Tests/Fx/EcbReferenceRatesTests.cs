using SimpleCrm.Data.Fx;

namespace SimpleCrm.Tests.Fx;

public sealed class EcbReferenceRatesTests
{
    [Fact]
    public void Reads_every_day_and_currency_with_invariant_decimals()
    {
        var rates = EcbReferenceRates.Parse(EcbXml.Of(
            ("2026-11-20", "USD 1.1628 JPY 181.20 IDR 19352.40"),
            ("2026-11-19", "USD 1.1605 GBP 0.88303")));

        Assert.Equal(
            [
                new EcbRate(new DateOnly(2026, 11, 20), "USD", 1.1628m),
                new EcbRate(new DateOnly(2026, 11, 20), "JPY", 181.20m),
                new EcbRate(new DateOnly(2026, 11, 20), "IDR", 19352.40m),
                new EcbRate(new DateOnly(2026, 11, 19), "USD", 1.1605m),
                new EcbRate(new DateOnly(2026, 11, 19), "GBP", 0.88303m),
            ],
            rates);
    }

    [Fact]
    public void Parsing_does_not_depend_on_the_thread_culture()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            Assert.Equal(1.1628m, EcbReferenceRates.Parse(EcbXml.Of(("2026-11-20", "USD 1.1628"))).Single().UnitsPerEur);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Fact]
    public void The_shipped_snapshot_covers_the_ten_weekdays_before_2026_11_28_for_every_published_currency()
    {
        var rates = EcbReferenceRates.Parse(EcbSnapshot.Xml);

        var days = rates.Select(r => r.Date).Distinct().Order().ToList();
        DateOnly[] expectedDays =
        [
            new(2026, 11, 16), new(2026, 11, 17), new(2026, 11, 18), new(2026, 11, 19), new(2026, 11, 20),
            new(2026, 11, 23), new(2026, 11, 24), new(2026, 11, 25), new(2026, 11, 26), new(2026, 11, 27),
        ];
        Assert.Equal(expectedDays, days);

        string[] published =
        [
            "USD", "JPY", "CZK", "DKK", "GBP", "HUF", "PLN", "RON", "SEK", "CHF", "ISK", "NOK", "TRY", "AUD", "BRL",
            "CAD", "CNY", "HKD", "IDR", "ILS", "INR", "KRW", "MXN", "MYR", "NZD", "PHP", "SGD", "THB", "ZAR",
        ];
        foreach (var day in days)
        {
            Assert.Equal(published.Order(), rates.Where(r => r.Date == day).Select(r => r.Currency).Order());
        }

        // Plausible levels, and the Hong Kong dollar stays inside its USD peg band (7.75–7.85) every day.
        Assert.All(rates.Where(r => r.Currency == "USD"), r => Assert.InRange(r.UnitsPerEur, 1.0m, 1.3m));
        Assert.All(rates.Where(r => r.Currency == "JPY"), r => Assert.InRange(r.UnitsPerEur, 150m, 200m));
        foreach (var day in days)
        {
            var usd = rates.Single(r => r.Date == day && r.Currency == "USD").UnitsPerEur;
            var hkd = rates.Single(r => r.Date == day && r.Currency == "HKD").UnitsPerEur;
            Assert.InRange(hkd / usd, 7.75m, 7.85m);
        }
    }

    public static TheoryData<string, string, string> Malformed => new()
    {
        { "not XML", "this is not xml <", "not well-formed XML" },
        { "truncated download", EcbXml.Of(("2026-11-20", "USD 1.16"))[..^30], "not well-formed XML" },
        { "a DTD (entity expansion)", """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>""", "not well-formed XML" },
        { "another document", "<html><body>Service unavailable</body></html>", "root element is <html>" },
        { "missing rate attribute", EcbXml.Of(("2026-11-20", "USD 1.16")).Replace(" rate='1.16'", "", StringComparison.Ordinal), "USD on 2026-11-20 has no rate attribute" },
        { "missing currency attribute", EcbXml.Of(("2026-11-20", "USD 1.16")).Replace("currency='USD' ", "", StringComparison.Ordinal), "no currency attribute" },
        { "bad date", EcbXml.Of(("2026-13-01", "USD 1.16")), "'2026-13-01' is not a date" },
        { "date in another format", EcbXml.Of(("20.11.2026", "USD 1.16")), "'20.11.2026' is not a date" },
        { "missing time attribute", EcbXml.Of(("2026-11-20", "USD 1.16")).Replace(" time='2026-11-20'", "", StringComparison.Ordinal), "no time attribute" },
        { "decimal comma", EcbXml.Of(("2026-11-20", "USD 1,16")), "rate '1,16'" },
        { "negative rate", EcbXml.Of(("2026-11-20", "USD -1.16")), "rate '-1.16'" },
        { "zero rate", EcbXml.Of(("2026-11-20", "USD 0")), "rate '0'" },
        { "lower-case code", EcbXml.Of(("2026-11-20", "usd 1.16")), "'usd' on 2026-11-20 is not a three-letter currency code" },
        { "EUR rate", EcbXml.Of(("2026-11-20", "EUR 1")), "EUR is the base currency" },
        { "day twice", EcbXml.Of(("2026-11-20", "USD 1.16"), ("2026-11-20", "JPY 180")), "2026-11-20 appears twice" },
        { "currency twice on a day", EcbXml.Of(("2026-11-20", "USD 1.16 USD 1.17")), "USD appears twice" },
        { "no rates", EcbXml.Of(), "contains no rates" },
        { "unexpected element", EcbXml.Of(("2026-11-20", "USD 1.16")).Replace("<Cube currency", "<Rate currency", StringComparison.Ordinal), "unexpected element <Rate>" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_input_is_a_FormatException_with_the_reason(string because, string xml, string reason)
    {
        var error = Assert.Throws<FormatException>(() => EcbReferenceRates.Parse(xml));
        Assert.True(error.Message.Contains(reason, StringComparison.Ordinal), $"{because}: '{error.Message}' does not say '{reason}'");
    }
}
