using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using SimpleCrm.Data;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Grains.Activities;
using SimpleCrm.Silo.Hosting;

namespace SimpleCrm.Tests.Infrastructure;

/// <summary>
/// A real multi-silo cluster in this process: each silo is a host configured by the production code
/// (<see cref="CrmClusterExtensions.UseCrmSilo"/>) with its own ports, and membership, reminders and grain
/// storage all run on the project's ADO.NET schema in PostgreSQL. A separate client host talks to it
/// through the gateways, as an API node would.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly CrmSettings baseSettings;
    private readonly bool reconcileReminders;
    private readonly List<IHost> silos = [];
    private IHost? clientHost;

    private PostgresCluster(CrmSettings settings, bool reconcileReminders)
    {
        baseSettings = settings;
        this.reconcileReminders = reconcileReminders;
    }

    public string ClusterId => baseSettings.ClusterId;

    public IReadOnlyList<IHost> Silos => silos;

    public IClusterClient Client => clientHost!.Services.GetRequiredService<IClusterClient>();

    /// <param name="reconcileReminders">
    /// False leaves out <see cref="TaskReminderReconciler"/>, for tests of what Orleans' reminder table alone keeps
    /// (the reconciler would re-register a recent task's reminder on every start).
    /// </param>
    public static async Task<PostgresCluster> StartAsync(TestDatabase database, int silos, string? clusterId = null, bool reconcileReminders = true)
    {
        var cluster = new PostgresCluster(new CrmSettings
        {
            ConnectionString = database.ConnectionString,
            ClusterId = clusterId ?? $"test-{Guid.NewGuid():N}",
            ServiceId = "simplecrm-tests",
        }, reconcileReminders);
        for (var i = 0; i < silos; i++)
        {
            await cluster.StartSiloAsync();
        }

        await cluster.StartClientAsync();
        return cluster;
    }

    public async Task<IHost> StartSiloAsync()
    {
        var settings = baseSettings with { SiloPort = Ports.Free(), GatewayPort = Ports.Free() };
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddCrmData(settings.ConnectionString);
        builder.UseOrleans(silo =>
        {
            silo.UseCrmSilo(settings);
            silo.Configure<ClusterMembershipOptions>(FastFailureDetection);
        });
        if (!reconcileReminders)
        {
            var reconciler = builder.Services.Single(d => d.ServiceType == typeof(IHostedService)
                && d.ImplementationFactory?.Method.ReturnType == typeof(TaskReminderReconciler));
            builder.Services.Remove(reconciler);
        }

        var host = builder.Build();
        await host.StartAsync();
        silos.Add(host);
        return host;
    }

    /// <summary>Stops a silo without the graceful hand-over (no deactivation, no "shutting down" notice), as a crash would.</summary>
    public async Task KillSiloAsync(IHost silo)
    {
        using var alreadyCancelled = new CancellationTokenSource();
        await alreadyCancelled.CancelAsync();
        try
        {
            await silo.StopAsync(alreadyCancelled.Token);
        }
        catch (OperationCanceledException)
        {
        }

        silo.Dispose();
        silos.Remove(silo);
    }

    /// <summary>Deactivates every idle grain on every silo, so the next call re-activates from storage.</summary>
    public Task DeactivateAllAsync() =>
        Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    private async Task StartClientAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client.UseCrmClient(baseSettings));
        clientHost = builder.Build();
        await clientHost.StartAsync();
    }

    /// <summary>
    /// Declare a silo dead after seconds, not the production minute. Not quicker than this: a silo starved of CPU on a
    /// loaded machine would be voted dead while it runs, and Orleans then ends its process, which here is the whole
    /// test run (seen with a 1 s probe timeout, 2 missed probes and a 2 s alive-table period).
    /// </summary>
    private static void FastFailureDetection(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(2);
        o.NumMissedProbesLimit = 3;
        o.NumVotesForDeathDeclaration = 1;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
    }

    public async ValueTask DisposeAsync()
    {
        if (clientHost is not null)
        {
            await clientHost.StopAsync();
            clientHost.Dispose();
        }

        foreach (var silo in silos.AsEnumerable().Reverse())
        {
            await silo.StopAsync();
            silo.Dispose();
        }
    }
}
