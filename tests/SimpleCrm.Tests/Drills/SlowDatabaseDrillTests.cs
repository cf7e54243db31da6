using Npgsql;
using SimpleCrm.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SimpleCrm.Tests.Drills;

/// <summary>
/// The customers table is locked for 10 s under load: statements give up after the default command timeout
/// (5 s; Command Timeout in the connection string) and the API answers 503 with Retry-After rather than letting
/// requests pile up behind the lock; once it is released, everything is served again.
/// </summary>
[Collection(FaultDrillCollection.Name)]
public sealed class SlowDatabaseDrillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private ApiNode api = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        api = await ApiNode.StartAsync(database.ConnectionString, extra: new Dictionary<string, string?>
        {
            ["Crm:Idempotency:InFlightSeconds"] = FaultDrill.InFlightSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    public async Task DisposeAsync()
    {
        await api.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task A_table_locked_for_10_s_gets_503s_within_the_command_timeout_and_full_service_after()
    {
        var report = await FaultDrill.RunAsync(api, database.ConnectionString, TimeSpan.FromSeconds(26), TimeSpan.FromSeconds(6), async () =>
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("lock table customers in access exclusive mode", connection, transaction))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            await Task.Delay(TimeSpan.FromSeconds(10));
            await transaction.RollbackAsync();
        }, output, "customers locked for 10 s");

        FaultDrill.AssertCorrect(report);
        Assert.True(report.Unavailable > 0, "No 503 while the table was locked (did the lock hold?): " + report);
        // Waiting out the whole lock would take 10 s; giving up at the command timeout takes about 5.
        Assert.True(report.SlowestSeconds < 9, "Requests piled up behind the lock: " + report);
        Assert.True(report.TimeToFullServiceSeconds < 20, "Service not back within 10 s of the lock's release: " + report);
    }
}
