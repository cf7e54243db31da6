using Orleans.Configuration;
using Orleans.Dashboard;
using SimpleCrm.Grains;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Grains.Common;

namespace SimpleCrm.Silo.Hosting;

/// <summary>
/// The cluster's shape in one place: ADO.NET clustering, reminders and grain storage on PostgreSQL
/// (tables and statements from our own migrations), and memory streams for live push.
/// </summary>
public static class CrmClusterExtensions
{
    private const string Invariant = "Npgsql";

    /// <summary>Storage for grain-internal state that nobody queries (sync cursors, rate-limit windows).</summary>
    public const string GrainStateStore = "crm";

    public static ISiloBuilder UseCrmSilo(this ISiloBuilder silo, CrmSettings settings, bool configureEndpoints = true)
    {
        silo.Services.AddCrmGrainServices();
        // Traces follow a request into the grain it calls; the dashboard (mapped by the API) reads every silo.
        silo.AddActivityPropagation();
        silo.AddDashboard();
        silo.AddIncomingGrainCallFilter<DatabaseFaultFilter>();
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });
        silo.Configure<GrainCollectionOptions>(o =>
        {
            o.CollectionAge = settings.IdleGrainAge;
            // Idle grains are looked for this often; a short age needs a short sweep.
            o.CollectionQuantum = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, settings.IdleGrainAge.Ticks / 2));
        });
        silo.Configure<GrainDirectoryOptions>(o => o.CacheSize = settings.DirectoryCacheSize);
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = settings.ConnectionString;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = settings.ConnectionString;
        });
        foreach (var store in new[] { GrainStateStore, CrmStreams.PubSubStore })
        {
            silo.AddAdoNetGrainStorage(store, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = settings.ConnectionString;
            });
        }

        // A 10 ms poll keeps grain-to-browser latency near 10 ms instead of the 100 ms default.
        silo.AddMemoryStreams(CrmStreams.Provider, b => b.ConfigurePullingAgent(o => o.Configure(p => p.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(10))));
        if (configureEndpoints)
        {
            silo.ConfigureEndpoints(settings.AdvertisedAddress, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
        }

        return silo;
    }

    public static IClientBuilder UseCrmClient(this IClientBuilder client, CrmSettings settings)
    {
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = settings.ConnectionString;
        });
        client.AddMemoryStreams(CrmStreams.Provider);
        // A call whose silo dies before answering is only given up at this limit (the answer is lost with the
        // silo); Orleans' 30 s default would let the HTTP request hang that long before its 503.
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(15));
        client.AddActivityPropagation();
        client.AddDashboard();
        return client;
    }
}
