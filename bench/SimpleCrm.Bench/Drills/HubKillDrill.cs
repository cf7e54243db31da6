using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace SimpleCrm.Bench.Drills;

/// <summary>
/// `./crm drill hub-kill`: a browser's customer page (<see cref="TimelineWatcher"/>) is connected through a TCP
/// forwarder (<see cref="TcpLoadBalancer"/>) to API node A while notes are written on the customer through node B;
/// then node A is killed by the fault command. The page must reconnect (the forwarder sends it to node B), catch up,
/// and end up showing every entry exactly once, in the API's order.
/// Arguments: node-a-url node-b-url seconds fault-after-seconds fault-command.
/// </summary>
public static class HubKillDrill
{
    private const int Writers = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        var nodeA = new Uri(args[0]);
        var nodeB = new Uri(args[1]);
        var seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
        var faultAfter = double.Parse(args[3], CultureInfo.InvariantCulture);
        var faultCommand = args[4];

        using var http = BenchClient.Create(nodeB, Writers + 2);
        var token = await BenchClient.SignInAsync(http);
        using var created = await http.PostAsJsonAsync("/api/v1/customers", new { first_name = "Drill", last_name = "Watched", email = $"watched-{Guid.NewGuid():N}@drill.example", country_code = "DE", currency = "EUR" });
        created.EnsureSuccessStatusCode();
        var customer = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        await using var balancer = new TcpLoadBalancer(nodeA, nodeB);
        await using var watcher = await TimelineWatcher.OpenAsync(balancer.Address, token, customer);
        Console.WriteLine($"Drill hub-kill: a page watches a customer through node A ({nodeA}), {Writers} clients log notes on it through node B ({nodeB}) "
            + $"for {seconds:0} s; the fault after {faultAfter:0} s: {faultCommand}");
        Console.WriteLine($"  load average {LoadAverage()}");

        using var stopWriting = new CancellationTokenSource();
        var written = new ConcurrentBag<Guid>();
        var failures = new ConcurrentBag<string>();
        var writing = Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !stopWriting.IsCancellationRequested; n++)
            {
                try
                {
                    using var response = await http.PostAsJsonAsync($"/api/v1/customers/{customer}/activities", new { type = "note", subject = $"entry {w}.{n}" });
                    if (response.IsSuccessStatusCode)
                    {
                        written.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
                    }
                    else
                    {
                        failures.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }
                catch (HttpRequestException e)
                {
                    failures.Add(e.Message);
                }
            }
        })));

        await Task.Delay(TimeSpan.FromSeconds(faultAfter));
        var pushedBeforeKill = watcher.PushTimestamps().Count;
        var killedAt = Stopwatch.GetTimestamp();
        using (var shell = Process.Start(new ProcessStartInfo("bash", ["-c", faultCommand]))!)
        {
            await shell.WaitForExitAsync();
        }

        await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, seconds - faultAfter)));
        await stopWriting.CancelAsync();
        await writing;

        // The last entries are pushed (or caught up) within a few seconds.
        var server = await WholeTimelineAsync(http, customer);
        var settled = Stopwatch.StartNew();
        while (watcher.Shown().Count < server.Count && settled.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
            server = await WholeTimelineAsync(http, customer);
        }

        var shown = watcher.Shown();
        var pushes = watcher.PushTimestamps();
        var lastBefore = pushes.Where(t => t < killedAt).DefaultIfEmpty(killedAt).Max();
        var firstAfter = pushes.Where(t => t > (watcher.ReconnectedAt ?? long.MaxValue)).DefaultIfEmpty(long.MaxValue).Min();
        var gap = firstAfter == long.MaxValue ? double.PositiveInfinity : Stopwatch.GetElapsedTime(lastBefore, firstAfter).TotalSeconds;
        var reconnect = watcher.ReconnectedAt is { } at ? Stopwatch.GetElapsedTime(killedAt, at).TotalSeconds : double.PositiveInfinity;

        var shownActivities = shown.Where(e => e.Kind == "activity.created").Select(e => e.EntityId!.Value).ToList();
        var writtenSet = written.ToHashSet();
        var missing = writtenSet.Except(shownActivities).Count();
        var duplicated = shownActivities.Count - shownActivities.Distinct().Count();
        var inOrder = server.SequenceEqual(shown.Select(e => e.Id));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  entries posted {written.Count} ({failures.Count} failed), seen {shownActivities.Count} ({shown.Count(e => e.Pushed)} pushed, {watcher.CaughtUp} by catch-ups, "
            + $"{pushedBeforeKill} pushed before the kill), missing {missing}, duplicated {duplicated}, same entries in the same order as the API: {(inOrder ? "yes" : "no")}; "
            + $"pushed twice and merged {watcher.PushedAgain}; reconnected {reconnect:F2} s after the kill ({watcher.Reconnects} reconnect(s)); "
            + $"no live update for {gap:F2} s (last push before the kill → first push after reconnecting); load average {LoadAverage()}"));
        foreach (var failure in failures.Take(5))
        {
            Console.WriteLine($"  write failed: {failure}");
        }

        var correct = failures.IsEmpty && missing == 0 && duplicated == 0 && inOrder && watcher.Reconnects >= 1 && pushedBeforeKill > 0 && !double.IsInfinity(gap);
        Console.WriteLine(correct ? "  PASS: every entry shown once, in order, live again after the reconnect" : "  FAIL");
        return correct ? 0 : 1;
    }

    /// <summary>The customer's whole timeline as the API lists it, newest first (entry ids).</summary>
    private static async Task<List<long>> WholeTimelineAsync(HttpClient http, Guid customer)
    {
        var all = new List<long>();
        string? before = null;
        do
        {
            var page = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/customers/{customer}/timeline?limit=200" + (before is null ? "" : $"&before={Uri.EscapeDataString(before)}"))).RootElement;
            all.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
            before = page.GetProperty("next_cursor").GetString();
        }
        while (before is not null);
        return all;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
