using System.Diagnostics;
using System.Runtime;
using Orleans.Runtime;
using SimpleCrm.Api.Access;

namespace SimpleCrm.Api.Operations;

/// <summary>
/// POST /ops/memory (operator only): a full, compacting garbage collection of this process, then what it holds: the
/// managed heap and working set afterwards, and the activations per grain type across the cluster. A heap size read
/// from /metrics between collections includes garbage; this is the figure to compare when measuring memory per
/// grain (./crm bench memory). The collection pauses this process for as long as it takes (tens to hundreds of ms).
/// </summary>
public static class MemoryCheck
{
    public const string Path = "/ops/memory";

    public static void MapCrmMemoryCheck(this WebApplication app) =>
        app.MapPost(Path, CollectAsync).RequireSignIn().WithMetadata(new OperatorOnly()).ExcludeFromDescription();

    private static async Task<IResult> CollectAsync(IGrainFactory grains)
    {
        var clock = Stopwatch.StartNew();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var pause = clock.Elapsed;
        using var process = Process.GetCurrentProcess();
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        var activations = statistics.GroupBy(s => s.GrainType).ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
        return TypedResults.Ok(new MemoryFigures(GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64,
            Math.Round(pause.TotalMilliseconds, 1), activations));
    }
}

/// <summary>What <see cref="MemoryCheck"/> answers (bytes; activations by Orleans grain type).</summary>
public sealed record MemoryFigures(long HeapBytes, long WorkingSetBytes, double CollectionMilliseconds, IReadOnlyDictionary<string, int> Activations);
