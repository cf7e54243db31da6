using System.Diagnostics;
using System.Net.Http.Headers;

namespace SimpleCrm.Bench.Ingest;

/// <summary>What one load phase saw: the acknowledged events and the ack latencies.</summary>
public sealed record LoadResult(string Target, int Sent, int Acked, int Refused, int Failed, double Seconds, double[] SortedLatenciesMs, IReadOnlyList<long> AckedOrderIds)
{
    public double AckedPerSecond => Acked / Seconds;

    public double Percentile(double q) =>
        SortedLatenciesMs.Length == 0 ? double.NaN : SortedLatenciesMs[Math.Clamp((int)Math.Ceiling(q * SortedLatenciesMs.Length) - 1, 0, SortedLatenciesMs.Length - 1)];
}

/// <summary>
/// Posts pre-signed events at a fixed rate whatever the server does (open loop), and times each answer from
/// the moment it was due, not from when it was sent: a server that falls behind shows its queueing in the
/// latencies instead of slowing the generator down (no coordinated omission).
/// </summary>
public static class OpenLoopSender
{
    public static async Task<LoadResult> RunAsync(Uri target, IReadOnlyList<SignedEvent> events, int ratePerSecond, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var latencies = new double[events.Count];
        var outcomes = new int[events.Count]; // 1 acked, 2 refused (non-2xx), 3 failed (no answer)
        var inFlight = new List<Task>(events.Count);
        var clock = Stopwatch.StartNew();
        var interval = 1000.0 / ratePerSecond;
        for (var i = 0; i < events.Count; i++)
        {
            var due = i * interval;
            var wait = due - clock.Elapsed.TotalMilliseconds;
            if (wait > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken);
            }

            inFlight.Add(SendAsync(http, target, events[i], i, due, clock, latencies, outcomes));
        }

        await Task.WhenAll(inFlight);
        var seconds = clock.Elapsed.TotalSeconds;
        var acked = Enumerable.Range(0, events.Count).Where(i => outcomes[i] == 1).ToList();
        var sorted = acked.Select(i => latencies[i]).Order().ToArray();
        return new LoadResult(target.ToString(), events.Count, acked.Count, outcomes.Count(o => o == 2), outcomes.Count(o => o == 3), seconds, sorted,
            acked.Select(i => events[i].OrderId).ToList());
    }

    private static async Task SendAsync(HttpClient http, Uri target, SignedEvent signed, int index, double dueMs, Stopwatch clock, double[] latencies, int[] outcomes)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(signed.Body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            foreach (var (name, value) in signed.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await http.SendAsync(request);
            latencies[index] = clock.Elapsed.TotalMilliseconds - dueMs;
            outcomes[index] = response.IsSuccessStatusCode ? 1 : 2;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            outcomes[index] = 3;
        }
    }
}
