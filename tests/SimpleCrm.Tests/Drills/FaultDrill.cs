using SimpleCrm.Bench.Drills;
using SimpleCrm.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SimpleCrm.Tests.Drills;

/// <summary>The drills load the machine: one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultDrillCollection
{
    public const string Name = "Fault drills";
}

/// <summary>
/// A short fault drill: a bounded load of well-behaved API clients against a node, a fault part-way through, and
/// what the clients saw. Correctness is strict (nothing lost, nothing doubled, no 500, no hang); recovery time
/// is generous, since the machine running the tests may be busy.
/// </summary>
public static class FaultDrill
{
    public const int Writers = 4;
    public const int Readers = 2;

    /// <summary>A retried create waits out a failed first attempt's claim on its key (Crm:Idempotency:InFlightSeconds).</summary>
    public const int InFlightSeconds = 10;

    public static async Task<DrillReport> RunAsync(ApiNode node, string databaseConnectionString, TimeSpan duration, TimeSpan faultAfter, Func<Task> fault,
        ITestOutputHelper output, string name)
    {
        var token = node.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        var workspace = (await (await node.Http.GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("workspace").GetProperty("id").GetGuid();
        var load = new DrillLoad(node.Address, token, $"drill{Guid.NewGuid():N}"[..17]);
        var running = load.RunAsync(Writers, Readers, duration, retryBudget: TimeSpan.FromSeconds(InFlightSeconds * 4));
        await Task.Delay(faultAfter);
        var faultAt = load.Now;
        await fault();
        await running;
        var (lost, doubled) = await DrillDatabase.CheckAsync(databaseConnectionString, workspace, load);
        var report = load.Report(faultAt, lost, doubled);
        output.WriteLine($"{name}: {report}");
        return report;
    }

    /// <summary>What every drill must show: no acknowledged write lost or doubled, no 500, no hang, every failure a 503 with Retry-After.</summary>
    public static void AssertCorrect(DrillReport report)
    {
        var text = report.ToString();
        Assert.True(report.AcknowledgedWrites > 0, text);
        Assert.True(report.Lost == 0, "Acknowledged creates lost: " + text);
        Assert.True(report.Doubled == 0, "Creates stored twice: " + text);
        Assert.True(report.ServerErrors == 0, "5xx other than 503: " + text);
        Assert.True(report.Hung == 0, "Requests without an answer within 30 s: " + text);
        Assert.True(report.Other == 0, "Unexpected answers: " + text);
        Assert.True(report.Abandoned == 0, "Creates that never got an answer: " + text);
    }
}
