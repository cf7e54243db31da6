using SimpleCrm.Api.Demo;
using SimpleCrm.Domain.Customers;

namespace SimpleCrm.Tests.Domain;

public sealed class DemoCustomersTests
{
    [Fact]
    public void Every_demo_customer_passes_the_rules_and_they_span_many_countries_and_currencies()
    {
        var profiles = DemoCustomers.Generate(DemoDataLoader.Count).ToList();

        foreach (var profile in profiles)
        {
            var (_, errors) = CustomerProfiles.Prepare(profile);
            Assert.True(errors.Count == 0, $"{profile.Email}: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))}");
        }

        Assert.Equal(profiles.Count, profiles.Select(p => p.Email.ToLowerInvariant()).Distinct().Count());
        Assert.True(profiles.Select(p => p.CountryCode).Distinct().Count() >= 10);
        Assert.True(profiles.Select(p => p.Currency).Distinct().Count() >= 8);
        Assert.Contains(profiles, p => p.LastName.Any(c => c > 0x2E80)); // CJK names among them
    }
}
