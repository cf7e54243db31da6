using SimpleCrm.Contracts.Customers;
using SimpleCrm.Grains.Customers;

namespace SimpleCrm.Tests.Infrastructure;

public static class TestCustomers
{
    public static CustomerProfile Profile(string email, string country = "FR") => new()
    {
        FirstName = "Élodie",
        LastName = "Durand",
        Email = email,
        Phone = "+33 1 42 68 53 00",
        CountryCode = country,
        Timezone = "Europe/Paris",
        Language = "fr",
        Currency = "EUR",
        Tags = ["new"],
    };

    public static object Json(string email, string country = "DE") => new
    {
        first_name = "Jürgen",
        last_name = "Weiß",
        email,
        phone = "+49 30 901820",
        country_code = country,
        timezone = "Europe/Berlin",
        language = "de",
        currency = "EUR",
        tags = new[] { "wholesale" },
    };
}

/// <summary>Snapshots compare by value, tags by their elements.</summary>
public sealed class SnapshotComparer : IEqualityComparer<CustomerSnapshot?>
{
    public static readonly SnapshotComparer Instance = new();

    public bool Equals(CustomerSnapshot? x, CustomerSnapshot? y) =>
        x is not null && y is not null
        && x with { Profile = Bare(x.Profile) } == y with { Profile = Bare(y.Profile) }
        && x.Profile.Tags.SequenceEqual(y.Profile.Tags)
        && x.Profile.ExternalIds.OrderBy(e => e.Key).SequenceEqual(y.Profile.ExternalIds.OrderBy(e => e.Key));

    private static readonly IReadOnlyDictionary<string, string> NoIds = new Dictionary<string, string>();

    private static CustomerProfile Bare(CustomerProfile p) => p with { Tags = [], ExternalIds = NoIds };

    public int GetHashCode(CustomerSnapshot? obj) => obj?.Id.GetHashCode() ?? 0;
}
