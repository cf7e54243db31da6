using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

/// <summary>
/// Event-to-client latency with many connected clients: <c>clients</c> SignalR connections (the same protocol and
/// hub the browser uses) watch the timelines of <c>customers</c> customers (client i watches customer i mod
/// customers), spread evenly over the given API nodes. Notes are then logged through the API on customers drawn at
/// random (seeded), one every <c>interval</c>, through the nodes in turn, without waiting for the pushes; every
/// connection records when each TimelineEntry arrives. The latency is from sending the POST to the arrival at a
/// client, so it includes the write itself. Lost: deliveries expected (the watchers of each note's customer) minus
/// those that arrived within 10 s of the last note.
/// </summary>
public static class LiveLatency
{
    public sealed record Options(IReadOnlyList<Uri> Nodes, int Clients, int Customers, int Events, TimeSpan Interval, int Seed);

    /// <summary>The scenario "live events" of the latency bench: every client on one node, watching one customer.</summary>
    public static Task<int> RunAsync(Uri baseUrl, string accessToken, string customerId, int clients, int events) =>
        RunAsync(new Options([baseUrl], clients, 1, events, TimeSpan.FromMilliseconds(100), 1), accessToken, [Guid.Parse(customerId)]);

    /// <summary>`SimpleCrm.Bench live &lt;url&gt;[,&lt;url&gt;…] [clients] [customers] [events] [interval-ms]`: the customers are the workspace's newest (created if too few).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var nodes = args[0].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u)).ToArray();
        var clients = int.Parse(args.ElementAtOrDefault(1) ?? "1000", CultureInfo.InvariantCulture);
        var customers = int.Parse(args.ElementAtOrDefault(2) ?? "1", CultureInfo.InvariantCulture);
        var events = int.Parse(args.ElementAtOrDefault(3) ?? "200", CultureInfo.InvariantCulture);
        var interval = TimeSpan.FromMilliseconds(double.Parse(args.ElementAtOrDefault(4) ?? "100", CultureInfo.InvariantCulture));
        var seed = int.Parse(Environment.GetEnvironmentVariable("CRM_BENCH_SEED") ?? Random.Shared.Next(1, 1_000_000).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        using var http = SimpleCrm.Bench.BenchClient.Create(nodes[0], 4);
        var token = await SimpleCrm.Bench.BenchClient.SignInAsync(http);
        var watched = await WatchedCustomersAsync(http, customers);
        return await RunAsync(new Options(nodes, clients, customers, events, interval, seed), token, watched);
    }

    private static async Task<IReadOnlyList<Guid>> WatchedCustomersAsync(HttpClient http, int count)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        while (ids.Count < count)
        {
            var page = JsonDocument.Parse(await http.GetStringAsync("/api/v1/customers?limit=100" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"))).RootElement;
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("next_cursor").GetString();
            if (cursor is null)
            {
                break;
            }
        }

        for (var n = ids.Count; n < count; n++)
        {
            using var created = await http.PostAsJsonAsync("/api/v1/customers", new { first_name = "Live", last_name = $"Watched {n}", email = $"live-{Guid.NewGuid():N}@bench.example", country_code = "DE", currency = "EUR" });
            created.EnsureSuccessStatusCode();
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }

        return ids.Take(count).ToList();
    }

    public static async Task<int> RunAsync(Options options, string accessToken, IReadOnlyList<Guid> customers)
    {
        var (nodes, clients) = (options.Nodes, options.Clients);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Live events: {clients} connected clients on {nodes.Count} API node(s) watching {customers.Count} customer(s) ({Math.Ceiling((double)clients / customers.Count):0} each); "
            + $"{options.Events} notes on random watched customers, one every {options.Interval.TotalMilliseconds:0} ms (seed {options.Seed}); load average {LoadAverage()}."));
        var arrivals = new ConcurrentDictionary<string, ConcurrentBag<long>>();
        var watchers = new int[customers.Count];
        var connections = new HubConnection[clients];
        var connectClock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, clients, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            // Each customer's watchers spread over every node, so its pushes cross the cluster.
            var customer = i % customers.Count;
            var node = nodes[i / customers.Count % nodes.Count];
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(node, "/hubs/crm"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken))
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
            await connection.InvokeAsync("SubscribeCustomer", customers[customer]);
            Interlocked.Increment(ref watchers[customer]);
            connections[i] = connection;
        });
        Console.WriteLine($"{clients} clients connected and subscribed in {connectClock.Elapsed.TotalSeconds:F1} s.");

        var writers = nodes.Select(n => SimpleCrm.Bench.BenchClient.Create(n, 16)).ToArray();
        foreach (var writer in writers)
        {
            writer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        }

        var random = new Random(options.Seed);
        var run = Guid.NewGuid().ToString("N")[..8];

        // Warm-up, not counted: one note on each of a few customers (JIT, first stream delivery on every node).
        foreach (var customer in customers.Take(3))
        {
            using var response = await writers[0].PostAsJsonAsync("/api/v1/activities", new { customer_id = customer, type = "note", subject = $"bench {run} warm-up {customer}" });
            response.EnsureSuccessStatusCode();
        }

        await Task.Delay(1000);

        var sent = new ConcurrentDictionary<string, (long At, int Expected)>();
        var writes = new ConcurrentBag<double>();
        var failedWrites = 0;
        var posting = new List<Task>();
        var pace = Stopwatch.StartNew();
        for (var i = 0; i < options.Events; i++)
        {
            var customer = random.Next(customers.Count);
            var subject = $"bench {run} #{i}";
            var writer = writers[i % writers.Length];
            posting.Add(Task.Run(async () =>
            {
                var at = Stopwatch.GetTimestamp();
                sent[subject] = (at, watchers[customer]);
                using var response = await writer.PostAsJsonAsync("/api/v1/activities", new { customer_id = customers[customer], type = "note", subject });
                writes.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failedWrites);
                    sent.TryRemove(subject, out _);
                }
            }));

            // Open loop: the next note is due at a fixed time whatever the last one did.
            var due = options.Interval * (i + 1) - pace.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
        }

        await Task.WhenAll(posting);
        var expected = sent.Values.Sum(s => s.Expected);
        var settle = Stopwatch.StartNew();
        while (sent.Sum(s => arrivals.TryGetValue(s.Key, out var got) ? got.Count : 0) < expected && settle.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        var perClient = new List<double>();
        var lastClient = new List<double>();
        var received = 0;
        foreach (var (subject, (at, _)) in sent)
        {
            var times = arrivals.TryGetValue(subject, out var bag) ? bag.Select(t => Stopwatch.GetElapsedTime(at, t).TotalMilliseconds).ToList() : [];
            received += times.Count;
            perClient.AddRange(times);
            if (times.Count > 0)
            {
                lastClient.Add(times.Max());
            }
        }

        await Parallel.ForEachAsync(connections.Where(c => c is not null), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (c, _) => await c.DisposeAsync());
        foreach (var writer in writers)
        {
            writer.Dispose();
        }

        Console.WriteLine();
        Console.WriteLine("| measure | samples | p50 ms | p95 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Row("POST sent → TimelineEntry at a client", perClient);
        Row("POST sent → TimelineEntry at the last of its watchers", lastClient);
        Row("POST /activities (answer)", [.. writes]);
        var lost = expected - received;
        Console.WriteLine($"Deliveries expected {expected}, received {received}, lost {lost}; notes that failed to post: {failedWrites}; load average {LoadAverage()}.");
        return lost == 0 && failedWrites == 0 ? 0 : 1;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

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
