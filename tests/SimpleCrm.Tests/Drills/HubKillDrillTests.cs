using System.Diagnostics;
using System.Net;
using SimpleCrm.Bench.Drills;
using SimpleCrm.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SimpleCrm.Tests.Drills;

/// <summary>
/// The API node a browser's hub connection is on dies (its sockets reset, no goodbye) while activities are written
/// through another node: the browser, behind a load balancer, reconnects to the surviving node, subscribes again, and
/// its timeline catches up, so in the end it shows every entry exactly once, in the API's order, none missing.
/// </summary>
[Collection(FaultDrillCollection.Name)]
public sealed class HubKillDrillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private PostgresCluster cluster = null!;
    private ApiNode nodeA = null!;
    private ApiNode nodeB = null!;
    private TcpLoadBalancer balancer = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        cluster = await PostgresCluster.StartAsync(database, silos: 2);
        var settings = new Dictionary<string, string?> { ["Crm:Cluster:ServiceId"] = "simplecrm-tests" };
        nodeA = await ApiNode.StartAsync(database.ConnectionString, cohosted: false, clusterId: cluster.ClusterId, extra: settings);
        nodeB = await ApiNode.StartAsync(database.ConnectionString, cohosted: false, clusterId: cluster.ClusterId, extra: settings);
        balancer = new TcpLoadBalancer(nodeA.Address, nodeB.Address);
    }

    public async Task DisposeAsync()
    {
        await balancer.DisposeAsync();
        await nodeA.DisposeAsync();
        await nodeB.DisposeAsync();
        await cluster.DisposeAsync();
        await database.DisposeAsync();
    }

    private const int Writers = 4;

    [Fact]
    public async Task Killing_the_node_of_a_hub_connection_loses_no_timeline_entry_and_shows_none_twice()
    {
        var writer = await nodeB.UserAsync("hub-kill", "manager");
        var watcherUser = await nodeB.UserAsync("hub-kill", "manager");
        var customer = (await new CrmApiClient(writer.Http).CreateCustomerAsync($"watched-{Guid.NewGuid():N}@example.com")).GetProperty("id").GetGuid();
        await using var watcher = await TimelineWatcher.OpenAsync(balancer.Address, watcherUser.AccessToken, customer, new Infrastructure.Contract.ContractCheckingHandler(balancer.Address));

        // Activities written back to back by a few writers through node B for the whole drill; node A is killed part-way.
        using var stopWriting = new CancellationTokenSource();
        var written = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var writing = Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !stopWriting.IsCancellationRequested; n++)
            {
                var response = await writer.Http.PostJsonAsync($"/api/v1/customers/{customer}/activities", new { type = "note", subject = $"entry {w}.{n}" });
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    written.Add((await response.JsonAsync()).GetProperty("id").GetGuid());
                }
                else
                {
                    failures.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        })));

        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.True(watcher.PushTimestamps().Count > 0, "No live entry reached the watcher on node A before the kill");
        var killedAt = Stopwatch.GetTimestamp();
        await nodeA.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(8));
        await stopWriting.CancelAsync();
        await writing;

        // The last entries are pushed (or were caught up); the watcher has them within a few seconds.
        var server = await WholeTimelineAsync(writer.Http, customer);
        var settled = Stopwatch.StartNew();
        while (watcher.Shown().Count < server.Count && settled.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }

        var shown = watcher.Shown();
        var pushes = watcher.PushTimestamps();
        var lastBefore = pushes.Where(t => t < killedAt).DefaultIfEmpty(killedAt).Max();
        var firstAfter = pushes.Where(t => t > watcher.ReconnectedAt).DefaultIfEmpty(long.MaxValue).Min();
        var gap = firstAfter == long.MaxValue ? double.PositiveInfinity : Stopwatch.GetElapsedTime(lastBefore, firstAfter).TotalSeconds;
        var reconnect = watcher.ReconnectedAt is { } at ? Stopwatch.GetElapsedTime(killedAt, at).TotalSeconds : double.PositiveInfinity;
        output.WriteLine($"node killed: {written.Count} activities written through node B ({failures.Count} failed); the watcher shows {shown.Count} of " +
            $"{server.Count} timeline entries, {shown.Count(e => e.Pushed)} pushed and {watcher.CaughtUp} fetched by catch-ups; reconnected " +
            $"{reconnect:F2} s after the kill ({watcher.Reconnects} reconnect(s)); no live update for {gap:F2} s (last push before the kill → first push after reconnecting)");

        Assert.True(failures.Count == 0, "Writes through the surviving node failed: " + string.Join("; ", failures.Take(5)));
        Assert.True(watcher.Reconnects >= 1, "The watcher never reconnected");
        Assert.True(pushes.Any(t => t > watcher.ReconnectedAt), "No live entry reached the watcher after it reconnected");
        Assert.Equal(server.Select(e => e.Id), shown.Select(e => e.Id));
        var activities = shown.Where(e => e.Kind == "activity.created").Select(e => e.EntityId!.Value).ToList();
        Assert.Equal(written.Count, activities.Count);
        Assert.Equal(written.ToHashSet(), activities.ToHashSet());
        Assert.True(gap < 15, $"Live updates stopped for {gap:F1} s");
    }

    /// <summary>The customer's whole timeline as the API lists it, newest first.</summary>
    private static async Task<List<(long Id, DateTimeOffset OccurredAt)>> WholeTimelineAsync(HttpClient http, Guid customer)
    {
        var all = new List<(long, DateTimeOffset)>();
        string? before = null;
        do
        {
            var page = await (await http.GetAsync($"/api/v1/customers/{customer}/timeline?limit=200" + (before is null ? "" : $"&before={Uri.EscapeDataString(before)}"))).JsonAsync();
            all.AddRange(page.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("id").GetInt64(), i.GetProperty("occurred_at").GetDateTimeOffset())));
            before = page.GetProperty("next_cursor").GetString();
        }
        while (before is not null);
        return all;
    }
}
