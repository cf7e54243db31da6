using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

/// <summary>
/// Event-to-client latency with many connected clients: <c>clients</c> SignalR connections (the same protocol and
/// hub the browser uses) all watch one customer's timeline; activities are then logged on it one after another
/// through the API, and every connection records when each TimelineEntry arrives. The latency is from sending the
/// POST to the arrival at a client, so it includes the write itself.
/// </summary>
public static class LiveLatency
{
    public static async Task RunAsync(Uri baseUrl, HttpClient http, string accessToken, string customerId, int clients, int events)
    {
        Console.WriteLine();
        Console.WriteLine($"Live events: {clients} connected clients watching one customer, {events} activities logged one after another.");
        var arrivals = new ConcurrentDictionary<string, ConcurrentBag<long>>();
        var connections = new HubConnection[clients];
        var connectClock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, clients, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(baseUrl, "/hubs/crm"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken))
                .Build();
            connection.On<JsonElement>("TimelineEntry", entry =>
            {
                var subject = entry.GetProperty("data").TryGetProperty("subject", out var s) ? s.GetString() : null;
                if (subject is not null)
                {
                    arrivals.GetOrAdd(subject, _ => []).Add(Stopwatch.GetTimestamp());
                }
            });
            await connection.StartAsync();
            await connection.InvokeAsync("SubscribeCustomer", Guid.Parse(customerId));
            connections[i] = connection;
        });
        Console.WriteLine($"{clients} clients connected and subscribed in {connectClock.Elapsed.TotalSeconds:F1} s.");

        var perClient = new List<double>();
        var lastClient = new List<double>();
        var writes = new List<double>();
        var missing = 0;
        var run = Guid.NewGuid().ToString("N")[..8];
        for (var i = -3; i < events; i++)
        {
            // Three warm-up events first (JIT, first stream delivery), not counted.
            var subject = $"bench {run} #{i}";
            var sent = Stopwatch.GetTimestamp();
            using var response = await http.PostAsJsonAsync("/api/v1/activities", new { customer_id = customerId, type = "note", subject });
            var written = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            response.EnsureSuccessStatusCode();
            var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 5;
            while ((!arrivals.TryGetValue(subject, out var got) || got.Count < clients) && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(5);
            }

            // Spaced out, so each event meets idle clients: this measures latency, not throughput.
            await Task.Delay(100);
            if (i < 0)
            {
                continue;
            }

            var times = arrivals.TryGetValue(subject, out var bag) ? bag.Select(t => Stopwatch.GetElapsedTime(sent, t).TotalMilliseconds).ToList() : [];
            missing += clients - times.Count;
            perClient.AddRange(times);
            if (times.Count > 0)
            {
                lastClient.Add(times.Max());
            }

            writes.Add(written);
        }

        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        Console.WriteLine();
        Console.WriteLine("| measure | samples | p50 ms | p95 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Row("POST sent → TimelineEntry at a client", perClient);
        Row("POST sent → TimelineEntry at the last of all clients", lastClient);
        Row("POST /activities (answer)", writes);
        Console.WriteLine($"Events not received within 5 s: {missing} of {clients * events}.");
    }

    private static void Row(string name, List<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            Console.WriteLine($"| {name} | 0 | | | | |");
            return;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {sorted.Length} | {P(sorted, 0.50):F1} | {P(sorted, 0.95):F1} | {P(sorted, 0.99):F1} | {sorted[^1]:F1} |"));
    }

    private static double P(double[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
