[assembly: CollectionBehavior(MaxParallelThreads = 2)]

namespace SimpleCrm.Tests.Infrastructure;

internal static class ThreadPoolSetup
{
    /// <summary>On 2 cores, silos, Kestrel and Npgsql starve a small thread pool; start with enough threads.</summary>
#pragma warning disable CA2255 // A test assembly is exactly where a module initializer belongs.
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void Raise()
    {
        ThreadPool.SetMinThreads(64, 64);

        // Hundreds of CRM hosts start in this one process, each with a meter provider whose metric streams
        // preallocate their points (2,000 each by default). A test's host sees a handful of routes and pools, far
        // below this limit.
        Environment.SetEnvironmentVariable("Crm__Telemetry__MetricCardinalityLimit", "100");
    }
#pragma warning restore CA2255
}
