using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Cluster;

/// <summary>
/// Crm:Cluster:IdleGrainMinutes: a customer nobody reads leaves memory; one on screen stays. Crm:Cluster:DirectoryCacheSize
/// bounds the grain addresses a silo keeps after their grains have left.
/// </summary>
public sealed class IdleGrainTests(IdleGrainTests.Fixture api) : IClassFixture<IdleGrainTests.Fixture>
{
    [Fact]
    public async Task A_customer_grain_idle_for_the_configured_age_is_deactivated_and_a_busy_one_is_kept()
    {
        var crm = new CrmApiClient(api.Node.Http);
        var idle = (await crm.CreateCustomerAsync("idle@example.com")).GetProperty("id").GetGuid();
        var busy = (await crm.CreateCustomerAsync("busy@example.com")).GetProperty("id").GetGuid();
        var management = api.Node.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);

        async Task<bool> ActiveAsync(Guid id) =>
            (await management.GetDetailedGrainStatistics()).Any(s => s.GrainId.ToString().Contains(id.ToString("N"), StringComparison.OrdinalIgnoreCase)
                || s.GrainId.ToString().Contains(id.ToString(), StringComparison.OrdinalIgnoreCase));

        Assert.Equal(HttpStatusCode.OK, (await api.Node.Http.GetAsync($"/api/v1/customers/{idle}")).StatusCode);
        Assert.True(await ActiveAsync(idle));

        // The age is 3 s and idle grains are looked for every 1.5 s: within 15 s the idle one is gone.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await ActiveAsync(idle) && DateTime.UtcNow < deadline)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.Node.Http.GetAsync($"/api/v1/customers/{busy}")).StatusCode);
            await Task.Delay(500);
        }

        Assert.False(await ActiveAsync(idle));
        Assert.True(await ActiveAsync(busy));
    }

    [Fact]
    public void The_silo_caches_as_many_grain_addresses_as_configured_and_a_hundred_thousand_unless_told()
    {
        Assert.Equal(5_000, api.Node.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Orleans.Configuration.GrainDirectoryOptions>>().Value.CacheSize);
        var unconfigured = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CRM_DB"] = "Host=localhost" }).Build();
        Assert.Equal(100_000, SimpleCrm.Silo.Hosting.CrmSettings.From(unconfigured).DirectoryCacheSize);
    }

    public sealed class Fixture() : ApiFixture(new Dictionary<string, string?>
    {
        ["Crm:Cluster:IdleGrainMinutes"] = "0.05",
        ["Crm:Cluster:DirectoryCacheSize"] = "5000",
    });
}
