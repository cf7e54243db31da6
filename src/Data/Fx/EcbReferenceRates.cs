using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace SimpleCrm.Data.Fx;

/// <summary>One euro reference rate: on <paramref name="Date"/> one euro bought <paramref name="UnitsPerEur"/> units of <paramref name="Currency"/>.</summary>
public sealed record EcbRate(DateOnly Date, string Currency, decimal UnitsPerEur);

/// <summary>
/// Reads the European Central Bank's euro foreign exchange reference rates (the eurofxref XML the ECB
/// publishes daily, for 90 days and for the whole history; all three have the same shape):
/// <code>
/// &lt;gesmes:Envelope&gt; … &lt;Cube&gt;
///   &lt;Cube time="2026-11-27"&gt; &lt;Cube currency="USD" rate="1.1580"/&gt; … &lt;/Cube&gt; …
/// &lt;/Cube&gt; &lt;/gesmes:Envelope&gt;
/// </code>
/// Anything else is refused with a <see cref="FormatException"/> saying what is wrong and where, so a
/// broken download never half-updates the rates table.
/// </summary>
public static class EcbReferenceRates
{
    public const string GesmesNamespace = "http://www.gesmes.org/xml/2002-08-01";
    public const string RatesNamespace = "http://www.ecb.int/vocabulary/2002-08-01/eurofxref";

    // numeric(20, 10) in fx_rates: at most 10 digits before and 10 after the decimal point.
    private const decimal MaxRate = 10_000_000_000m;
    private const int MaxRateDecimals = 10;

    private static readonly XName Envelope = XName.Get("Envelope", GesmesNamespace);
    private static readonly XName Cube = XName.Get("Cube", RatesNamespace);

    /// <exception cref="FormatException">The text is not an ECB reference rates file.</exception>
    public static IReadOnlyList<EcbRate> Parse(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        using var text = new StringReader(xml);
        return Parse(text);
    }

    /// <exception cref="FormatException">The text is not an ECB reference rates file.</exception>
    public static IReadOnlyList<EcbRate> Parse(TextReader xml)
    {
        var root = Load(xml).Root!;
        if (root.Name != Envelope)
        {
            throw Refuse(root, $"the root element is <{root.Name.LocalName}>, not the ECB's gesmes:Envelope");
        }

        var outer = root.Elements(Cube).ToList();
        if (outer.Count != 1)
        {
            throw Refuse(root, $"the envelope must hold exactly one <Cube>, found {outer.Count}");
        }

        var rates = new List<EcbRate>();
        var days = new HashSet<DateOnly>();
        foreach (var day in ChildCubes(outer[0]))
        {
            var date = ParseDate(day);
            if (!days.Add(date))
            {
                throw Refuse(day, $"the day {Iso(date)} appears twice");
            }

            var currencies = new HashSet<string>(StringComparer.Ordinal);
            foreach (var rate in ChildCubes(day))
            {
                var currency = ParseCurrency(rate, date);
                if (!currencies.Add(currency))
                {
                    throw Refuse(rate, $"{currency} appears twice on {Iso(date)}");
                }

                rates.Add(new EcbRate(date, currency, ParseRate(rate, date, currency)));
            }
        }

        // An empty file is not "no change": it means the download or the feed is broken.
        return rates.Count > 0 ? rates : throw Refuse(outer[0], "the file contains no rates");
    }

    private static XDocument Load(TextReader xml)
    {
        // No DTDs and no external resolution: the file comes from the network and must not make us fetch anything.
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
        };
        try
        {
            using var reader = XmlReader.Create(xml, settings);
            return XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new FormatException($"The ECB reference rates are not well-formed XML: {e.Message}", e);
        }
    }

    private static IEnumerable<XElement> ChildCubes(XElement parent)
    {
        foreach (var child in parent.Elements())
        {
            yield return child.Name == Cube ? child : throw Refuse(child, $"unexpected element <{child.Name.LocalName}> inside <Cube>");
        }
    }

    private static DateOnly ParseDate(XElement day)
    {
        var time = (string?)day.Attribute("time") ?? throw Refuse(day, "a day's <Cube> has no time attribute");
        return DateOnly.TryParseExact(time, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Refuse(day, $"the time '{time}' is not a date in the form YYYY-MM-DD");
    }

    private static string ParseCurrency(XElement rate, DateOnly date)
    {
        var currency = (string?)rate.Attribute("currency") ?? throw Refuse(rate, $"a rate on {Iso(date)} has no currency attribute");
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            throw Refuse(rate, $"'{currency}' on {Iso(date)} is not a three-letter currency code");
        }

        // The euro is the base of every rate; a EUR entry means this is not the euro reference file.
        return currency != "EUR" ? currency : throw Refuse(rate, $"EUR is the base currency and cannot have a rate ({Iso(date)})");
    }

    private static decimal ParseRate(XElement element, DateOnly date, string currency)
    {
        var text = (string?)element.Attribute("rate") ?? throw Refuse(element, $"{currency} on {Iso(date)} has no rate attribute");
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate)
            && rate > 0 && rate < MaxRate && rate.Scale <= MaxRateDecimals
                ? rate
                : throw Refuse(element, $"the {currency} rate '{text}' on {Iso(date)} is not a positive decimal number of at most 10 digits before and after the point");
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static FormatException Refuse(XElement at, string reason)
    {
        var line = at is IXmlLineInfo info && info.HasLineInfo() ? $" (line {info.LineNumber})" : "";
        return new FormatException($"Not an ECB reference rates file{line}: {reason}.");
    }
}
