using SimpleCrm.Domain.Customers;
using SimpleCrm.Domain.Reference;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Grains.Customers;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Domain;

public sealed class CustomerProfileRulesTests
{
    [Fact]
    public void A_valid_profile_is_normalised_trimmed_upper_cased_and_phone_in_E164()
    {
        var (profile, errors) = CustomerProfiles.Prepare(TestCustomers.Profile("  elodie@example.fr ", "fr") with
        {
            FirstName = "  Élodie ",
            Phone = "01 42 68 53 00",
            Currency = "eur",
            Language = "FR",
            Tags = ["VIP", "vip", " new "],
        });

        Assert.Empty(errors);
        Assert.Equal("Élodie", profile.FirstName);
        Assert.Equal("elodie@example.fr", profile.Email);
        Assert.Equal("FR", profile.CountryCode);
        Assert.Equal("+33142685300", profile.Phone);
        Assert.Equal("EUR", profile.Currency);
        Assert.Equal("fr", profile.Language);
        Assert.Equal(["VIP", "new"], profile.Tags);
    }

    [Fact]
    public void Defaults_fill_time_zone_language_and_currency_when_absent()
    {
        var (profile, errors) = CustomerProfiles.Prepare(TestCustomers.Profile("x@example.com") with { Timezone = "", Language = "", Currency = "" });
        Assert.Empty(errors);
        Assert.Equal(("UTC", "en", "USD"), (profile.Timezone, profile.Language, profile.Currency));
    }

    [Theory]
    [InlineData("email", "plainaddress")]
    [InlineData("email", "two@@example.com")]
    [InlineData("email", "spaces in@example.com")]
    [InlineData("email", "nodot@localhost")]
    [InlineData("country_code", "ZZ")]
    [InlineData("country_code", "DEU")]
    [InlineData("timezone", "Europe/Atlantis")]
    [InlineData("language", "xx")]
    [InlineData("currency", "ABC")]
    [InlineData("phone", "+1 555")]
    [InlineData("custom_fields", "[1,2]")]
    [InlineData("custom_fields", "{not json")]
    public void An_invalid_value_is_reported_on_its_field(string field, string value)
    {
        var profile = TestCustomers.Profile("ok@example.com");
        profile = field switch
        {
            "email" => profile with { Email = value },
            "country_code" => profile with { CountryCode = value },
            "timezone" => profile with { Timezone = value },
            "language" => profile with { Language = value },
            "currency" => profile with { Currency = value },
            "phone" => profile with { Phone = value },
            "custom_fields" => profile with { CustomFieldsJson = value },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        var (_, errors) = CustomerProfiles.Prepare(profile);

        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void Too_many_or_too_long_tags_are_refused()
    {
        var (_, tooMany) = CustomerProfiles.Prepare(TestCustomers.Profile("t@example.com") with { Tags = Enumerable.Range(0, 51).Select(i => $"t{i}").ToArray() });
        var (_, tooLong) = CustomerProfiles.Prepare(TestCustomers.Profile("t@example.com") with { Tags = [new string('x', 51)] });
        Assert.Contains("tags", tooMany.Keys);
        Assert.Contains("tags", tooLong.Keys);
    }

    [Theory]
    [InlineData("JPY", 0)]
    [InlineData("USD", 2)]
    [InlineData("EUR", 2)]
    [InlineData("KWD", 3)]
    [InlineData("CLF", 4)]
    public void Currencies_know_their_minor_units(string code, int units) => Assert.Equal(units, Currencies.MinorUnits(code));

    [Fact]
    public void Reference_lists_are_complete_enough_and_free_of_duplicates()
    {
        Assert.Equal(249, Countries.All.Count);
        Assert.Equal(Countries.All.Count, Countries.All.Distinct().Count());
        Assert.Equal(Languages.All.Count, Languages.All.Distinct().Count());
        Assert.True(Currencies.All.Count > 150);
        Assert.Contains("America/Sao_Paulo", TimeZones.All);
    }
}
