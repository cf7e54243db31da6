using SimpleCrm.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SimpleCrm.Tests.Drills;

/// <summary>
/// PostgreSQL restarts under load (on a private server the test can stop), behind 2 silos + 1 API node: the API
/// answers 503 with Retry-After while it is down, serves fully afterwards without restarting any SimpleCrm
/// process, and no acknowledged create is lost or doubled.
/// </summary>
[Collection(FaultDrillCollection.Name)]
public sealed class PostgresRestartDrillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PrivatePostgres server = null!;
    private TestDatabase database = null!;
    private PostgresCluster cluster = null!;
    private ApiNode api = null!;

    public async Task InitializeAsync()
    {
        server = await PrivatePostgres.StartAsync();
        database = new TestDatabase(server: server.ServerConnectionString);
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
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Restarting_PostgreSQL_under_load_answers_503_meanwhile_and_loses_no_acknowledged_create()
    {
        var report = await FaultDrill.RunAsync(api, database.ConnectionString, TimeSpan.FromSeconds(26), TimeSpan.FromSeconds(8), async () =>
        {
            await server.StopServerAsync();
            await Task.Delay(TimeSpan.FromSeconds(5));
            await server.StartServerAsync();
        }, output, "PostgreSQL restarted");

        FaultDrill.AssertCorrect(report);
        Assert.True(report.NoAnswer == 0, "The API node dropped connections: " + report);
        Assert.True(report.Unavailable > 0, "No 503 while PostgreSQL was down (was it down?): " + report);
        Assert.True(report.TimeToFullServiceSeconds < 25, "Service not back within 20 s of the restart: " + report);
    }
}
