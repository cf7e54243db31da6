using Bogus;
using PhoneNumbers;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Api.Demo;

/// <summary>Realistic customers of a shop that sells in many countries: local names, languages, currencies and phones.</summary>
public static class DemoCustomers
{
    private sealed record Market(string Country, string Locale, string Language, string Currency, string Timezone, string[] Cities);

    private static readonly Market[] Markets =
    [
        new("US", "en_US", "en", "USD", "America/New_York", ["New York", "Austin", "Seattle", "Chicago"]),
        new("GB", "en_GB", "en", "GBP", "Europe/London", ["London", "Manchester", "Leeds"]),
        new("DE", "de", "de", "EUR", "Europe/Berlin", ["Berlin", "München", "Köln", "Hamburg"]),
        new("FR", "fr", "fr", "EUR", "Europe/Paris", ["Paris", "Lyon", "Marseille"]),
        new("ES", "es", "es", "EUR", "Europe/Madrid", ["Madrid", "Barcelona", "Sevilla"]),
        new("MX", "es_MX", "es", "MXN", "America/Mexico_City", ["Ciudad de México", "Guadalajara"]),
        new("BR", "pt_BR", "pt", "BRL", "America/Sao_Paulo", ["São Paulo", "Rio de Janeiro"]),
        new("JP", "ja", "ja", "JPY", "Asia/Tokyo", ["東京", "大阪", "京都"]),
        new("CN", "zh_CN", "zh", "CNY", "Asia/Shanghai", ["上海", "北京", "深圳"]),
        new("KR", "ko", "ko", "KRW", "Asia/Seoul", ["서울", "부산"]),
        new("SE", "sv", "sv", "SEK", "Europe/Stockholm", ["Stockholm", "Göteborg"]),
        new("KW", "ar", "ar", "KWD", "Asia/Kuwait", ["Kuwait City"]),
        new("AU", "en_AU", "en", "AUD", "Australia/Sydney", ["Sydney", "Melbourne"]),
    ];

    private static readonly string[] Tags = ["vip", "wholesale", "newsletter", "returning", "first-order", "b2b", "gift-buyer"];

    public static IEnumerable<CustomerProfile> Generate(int count, int seed = 2026)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var market = Markets[i % Markets.Length];
            var faker = new Faker(market.Locale) { Random = new Randomizer(seed + i) };
            var first = faker.Name.FirstName();
            var last = faker.Name.LastName();
            yield return new CustomerProfile
            {
                FirstName = first,
                LastName = last,
                Email = $"{Ascii(first)}.{Ascii(last)}.{i}@{faker.PickRandom("example.com", "example.org", "example.net")}",
                Phone = Phone(market.Country, random),
                CompanyName = random.NextDouble() < 0.3 ? faker.Company.CompanyName() : null,
                CountryCode = market.Country,
                City = faker.PickRandom(market.Cities),
                PostalCode = faker.Address.ZipCode(),
                Timezone = market.Timezone,
                Language = market.Language,
                Currency = market.Currency,
                Status = random.NextDouble() switch { < 0.12 => CustomerStatus.Vip, < 0.2 => CustomerStatus.Inactive, < 0.23 => CustomerStatus.Blocked, _ => CustomerStatus.Active },
                Tags = faker.PickRandom(Tags, random.Next(0, 3)).ToArray(),
            };
        }
    }

    /// <summary>A valid number of the country: its example mobile number with the last digits varied.</summary>
    private static string? Phone(string country, Random random)
    {
        var util = PhoneNumberUtil.GetInstance();
        var example = util.GetExampleNumberForType(country, PhoneNumberType.MOBILE);
        if (example is null)
        {
            return null;
        }

        for (var attempt = 0; attempt < 10; attempt++)
        {
            var national = example.NationalNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var varied = national[..^2] + random.Next(0, 100).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
            var candidate = new PhoneNumber.Builder().SetCountryCode(example.CountryCode).SetNationalNumber(ulong.Parse(varied, System.Globalization.CultureInfo.InvariantCulture)).Build();
            if (util.IsValidNumber(candidate))
            {
                return util.Format(candidate, PhoneNumberFormat.E164);
            }
        }

        return util.Format(example, PhoneNumberFormat.E164);
    }

    private static string Ascii(string name)
    {
        var plain = new string(name.Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z').ToArray()).ToLowerInvariant();
        return plain.Length > 0 ? plain : "customer";
    }
}
