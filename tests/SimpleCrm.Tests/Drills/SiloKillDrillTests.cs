using SimpleCrm.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SimpleCrm.Tests.Drills;

/// <summary>
/// A silo crashes under load on 2 silos + 1 API node: creates and reads fail over to the other silo with 503s
/// (never 500s) meanwhile, a retried create never runs twice, and no acknowledged create is lost.
/// </summary>
[Collection(FaultDrillCollection.Name)]
public sealed class SiloKillDrillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private PostgresCluster cluster = null!;
    private ApiNode api = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        cluster = await PostgresCluster.StartAsync(database, silos: 2);
        api = await ApiNode.StartAsync(database.ConnectionString, cohosted: false, clusterId: cluster.ClusterId, extra: new Dictionary<string, string?>
        {
            ["Crm:Cluster:ServiceId"] = "simplecrm-tests",
            ["Crm:Idempotency:InFlightSeconds"] = FaultDrill.InFlightSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    public async Task DisposeAsync()
    {
        await api.DisposeAsync();
        await cluster.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Killing_a_silo_under_load_loses_no_acknowledged_create_and_answers_only_503_meanwhile()
    {
        var report = await FaultDrill.RunAsync(api, database.ConnectionString, TimeSpan.FromSeconds(24), TimeSpan.FromSeconds(8),
            () => cluster.KillSiloAsync(cluster.Silos[0]), output, "silo killed");

        FaultDrill.AssertCorrect(report);
        Assert.True(report.NoAnswer == 0, "The API node dropped connections: " + report);
        Assert.True(report.TimeToFullServiceSeconds < 15, "Service not back within 15 s: " + report);
    }
}
