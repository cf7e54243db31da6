using Bogus;

namespace SimpleCrm.Api.Seeding;

/// <summary>
/// Generates a large, realistic shop quickly: name pools per market are drawn once with Bogus, then combined
/// with a seeded random, so millions of customers take seconds of CPU, not minutes.
/// </summary>
public sealed class SyntheticShop
{
    public sealed record Market(string Country, string Locale, string Language, string Currency, string Timezone, decimal TypicalPrice, string[] Cities);

    public static readonly Market[] Markets =
    [
        new("US", "en_US", "en", "USD", "America/New_York", 60m, ["New York", "Austin", "Seattle", "Chicago", "Denver"]),
        new("GB", "en_GB", "en", "GBP", "Europe/London", 45m, ["London", "Manchester", "Leeds", "Bristol"]),
        new("DE", "de", "de", "EUR", "Europe/Berlin", 55m, ["Berlin", "München", "Köln", "Hamburg", "Düsseldorf"]),
        new("FR", "fr", "fr", "EUR", "Europe/Paris", 55m, ["Paris", "Lyon", "Marseille", "Nantes"]),
        new("ES", "es", "es", "EUR", "Europe/Madrid", 45m, ["Madrid", "Barcelona", "Sevilla", "Málaga"]),
        new("MX", "es_MX", "es", "MXN", "America/Mexico_City", 900m, ["Ciudad de México", "Guadalajara", "Monterrey"]),
        new("BR", "pt_BR", "pt", "BRL", "America/Sao_Paulo", 250m, ["São Paulo", "Rio de Janeiro", "Curitiba"]),
        new("JP", "ja", "ja", "JPY", "Asia/Tokyo", 7000m, ["東京", "大阪", "京都", "福岡"]),
        new("CN", "zh_CN", "zh", "CNY", "Asia/Shanghai", 350m, ["上海", "北京", "深圳", "杭州"]),
        new("KR", "ko", "ko", "KRW", "Asia/Seoul", 60000m, ["서울", "부산", "인천"]),
        new("SE", "sv", "sv", "SEK", "Europe/Stockholm", 550m, ["Stockholm", "Göteborg", "Malmö"]),
        new("AE", "ar", "ar", "AED", "Asia/Dubai", 200m, ["Dubai", "Abu Dhabi"]),
        new("AU", "en_AU", "en", "AUD", "Australia/Sydney", 80m, ["Sydney", "Melbourne", "Brisbane"]),
        new("CA", "en_CA", "en", "CAD", "America/Toronto", 75m, ["Toronto", "Vancouver", "Montréal"]),
    ];

    private static readonly string[] Tags = ["vip", "wholesale", "newsletter", "returning", "first-order", "b2b", "gift-buyer", "influencer"];
    private static readonly string[] Products = ["Linen shirt", "Wool scarf", "Leather wallet", "Ceramic mug", "Tea set", "Running shoes", "Silk tie", "Backpack", "Sunglasses", "Notebook"];

    private readonly Random random;
    private readonly (string[] First, string[] Last)[] names;

    public SyntheticShop(int seed)
    {
        random = new Random(seed);
        names = Markets.Select((m, i) =>
        {
            var faker = new Faker(m.Locale) { Random = new Randomizer(seed + i) };
            return (Enumerable.Range(0, 400).Select(_ => faker.Name.FirstName()).Distinct().ToArray(),
                    Enumerable.Range(0, 400).Select(_ => faker.Name.LastName()).Distinct().ToArray());
        }).ToArray();
    }

    public Random Random => random;

    public (Market Market, string First, string Last) Person()
    {
        var index = random.Next(Markets.Length);
        var pool = names[index];
        return (Markets[index], pool.First[random.Next(pool.First.Length)], pool.Last[random.Next(pool.Last.Length)]);
    }

    public string[] SomeTags() => random.NextDouble() < 0.6 ? [] : Tags.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToArray();

    public string Status() => random.NextDouble() switch { < 0.08 => "vip", < 0.18 => "inactive", < 0.2 => "blocked", _ => "active" };

    public string OrderStatus() => random.NextDouble() switch
    {
        < 0.70 => "delivered",
        < 0.80 => "shipped",
        < 0.85 => "processing",
        < 0.90 => "pending",
        < 0.96 => "cancelled",
        _ => "refunded",
    };

    public string Product() => Products[random.Next(Products.Length)];

    public static string Ascii(string name)
    {
        var plain = new string(name.Normalize(System.Text.NormalizationForm.FormD).Where(char.IsAsciiLetter).ToArray()).ToLowerInvariant();
        return plain.Length > 0 ? plain : "c";
    }
}
