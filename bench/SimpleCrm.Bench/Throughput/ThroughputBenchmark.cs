using System.Globalization;

namespace SimpleCrm.Bench.Throughput;

/// <summary>
/// API reads at full speed: a closed loop (every connection sends its next request as soon as the last one is
/// answered, as wrk does) against the CRM and, in the same run, against <see cref="BareReadServer"/>. Each scenario
/// alternates CRM and baseline rounds so that the machine's noise falls on both. Inputs: a working set of customers
/// drawn at random from the whole workspace (read once before measuring, so "by id" measures reads of active
/// grains, which is what an API client polling its customers sees) and seeded random search terms.
/// </summary>
public static class ThroughputBenchmark
{
    private const int Rounds = 2;

    /// <summary>Args: crm-url bare-url [connections=64] [seconds-per-scenario-and-side=20] [working-set=5000].</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var crmUrl = new Uri(args[0]);
        var bareUrl = new Uri(args[1]);
        var connections = int.Parse(args.ElementAtOrDefault(2) ?? "64", CultureInfo.InvariantCulture);
        var seconds = double.Parse(args.ElementAtOrDefault(3) ?? "20", CultureInfo.InvariantCulture);
        var workingSet = int.Parse(args.ElementAtOrDefault(4) ?? "5000", CultureInfo.InvariantCulture);
        var seed = int.Parse(Environment.GetEnvironmentVariable("CRM_BENCH_SEED") ?? Random.Shared.Next(1, 1_000_000).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

        using var crm = BenchClient.Create(crmUrl, connections);
        using var bare = BenchClient.Create(bareUrl, connections);
        await BenchClient.SignInAsync(crm);
        var sample = await DataSample.DrawAsync(Environment.GetEnvironmentVariable("CRM_DB") ?? throw new InvalidOperationException("Set CRM_DB."), workingSet);
        var ids = sample.CustomerIds;
        var terms = new SearchTerms(sample.LastNames, seed).Draw(10_000);
        Console.WriteLine($"Closed loop, {connections} connections, {Rounds} × {seconds / Rounds:F0} s per side and scenario, CRM and baseline alternating.");
        Console.WriteLine($"Working set: {ids.Length:N0} customers drawn at random from the workspace; {terms.Length:N0} search terms (seed {seed}).");

        // Read the working set once on both sides: grains active, PostgreSQL's cache warm for both.
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = connections }, async (id, _) =>
        {
            await BenchClient.TimeGetAsync(crm, $"/api/v1/customers/{id}");
            await BenchClient.TimeGetAsync(bare, $"/customers/{id}");
        });

        var scenarios = new (string Name, Func<int, string> Crm, Func<int, string> Bare)[]
        {
            ("customer by id", i => $"/api/v1/customers/{ids[i % ids.Length]}", i => $"/customers/{ids[i % ids.Length]}"),
            ("customer's orders", i => $"/api/v1/customers/{ids[i % ids.Length]}/orders?limit=25", i => $"/customers/{ids[i % ids.Length]}/orders"),
            ("list, first page", _ => "/api/v1/customers?limit=25", _ => "/customers"),
            ("search (random 3 letters)", i => $"/api/v1/customers?q={Uri.EscapeDataString(terms[i % terms.Length])}&limit=25", i => $"/customers?q={Uri.EscapeDataString(terms[i % terms.Length])}"),
        };
        var only = Environment.GetEnvironmentVariable("CRM_BENCH_ONLY");

        Console.WriteLine();
        Console.WriteLine("| scenario | CRM req/s | CRM p50 ms | CRM p99 ms | baseline req/s | baseline p50 ms | baseline p99 ms | CRM / baseline | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var failed = false;
        var baselineRates = new List<(string Name, Func<int, string> Crm, double Rate)>();
        foreach (var (name, crmPath, barePath) in scenarios.Where(s => only is null || s.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
        {
            var crmRuns = new List<ClosedLoop.Result>();
            var bareRuns = new List<ClosedLoop.Result>();
            for (var round = 0; round < Rounds; round++)
            {
                crmRuns.Add(await ClosedLoop.RunAsync(crm, crmPath, connections, TimeSpan.FromSeconds(seconds / Rounds)));
                bareRuns.Add(await ClosedLoop.RunAsync(bare, barePath, connections, TimeSpan.FromSeconds(seconds / Rounds)));
            }

            var c = ClosedLoop.Result.Combine(crmRuns);
            var b = ClosedLoop.Result.Combine(bareRuns);
            var errors = c.Errors + b.Errors;
            failed |= errors > 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {c.RequestsPerSecond:F0} | {c.P50:F1} | {c.P99:F1} | {b.RequestsPerSecond:F0} | {b.P50:F1} | {b.P99:F1} | {c.RequestsPerSecond / b.RequestsPerSecond:F2}× | {errors} |"));
            foreach (var error in c.FirstErrors.Concat(b.FirstErrors).Take(3))
            {
                Console.Error.WriteLine($"  {name}: {error}");
            }

            baselineRates.Add((name, crmPath, b.RequestsPerSecond));
        }

        // A closed loop's latency is set by its own queue (64 requests always in flight), so the tail at a given load
        // is measured apart: the CRM sent requests at the rate the baseline reached, whatever it answers (open loop),
        // each timed from when it was due.
        Console.WriteLine();
        Console.WriteLine("The CRM at the baseline's rate (open loop, up to the same connections, timed from when each request was due):");
        Console.WriteLine();
        Console.WriteLine("| scenario | rate req/s | p50 ms | p95 ms | p99 ms | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, crmPath, rate) in baselineRates)
        {
            var r = await FixedRate.RunAsync(crm, crmPath, rate, TimeSpan.FromSeconds(seconds / Rounds));
            failed |= r.Errors > 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {rate:F0} | {r.P50:F1} | {BenchClient.Percentile(r.SortedLatencies, 0.95):F1} | {r.P99:F1} | {r.Errors} |"));
        }

        return failed ? 1 : 0;
    }
}

/// <summary>N connections, each sending its next request as soon as its last one is answered, for a fixed time.</summary>
public static class ClosedLoop
{
    public sealed record Result(long Requests, double Seconds, double[] SortedLatencies, long Errors, IReadOnlyList<string> FirstErrors)
    {
        public double RequestsPerSecond => Requests / Seconds;
        public double P50 => BenchClient.Percentile(SortedLatencies, 0.50);
        public double P99 => BenchClient.Percentile(SortedLatencies, 0.99);

        public static Result Combine(IReadOnlyList<Result> runs)
        {
            var latencies = runs.SelectMany(r => r.SortedLatencies).ToArray();
            Array.Sort(latencies);
            return new Result(runs.Sum(r => r.Requests), runs.Sum(r => r.Seconds), latencies, runs.Sum(r => r.Errors), runs.SelectMany(r => r.FirstErrors).ToList());
        }
    }

    public static async Task<Result> RunAsync(HttpClient http, Func<int, string> path, int connections, TimeSpan duration)
    {
        var next = Random.Shared.Next(1_000_000);
        var errors = 0L;
        var firstErrors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var perConnection = new List<double>[connections];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForAsync(0, connections, new ParallelOptions { MaxDegreeOfParallelism = connections }, async (c, _) =>
        {
            var latencies = perConnection[c] = new List<double>(4096);
            while (clock.Elapsed < duration)
            {
                var (ms, error) = await BenchClient.TimeGetAsync(http, path(Interlocked.Increment(ref next)));
                if (error is null)
                {
                    latencies.Add(ms);
                }
                else if (Interlocked.Increment(ref errors) <= 3)
                {
                    firstErrors.Enqueue(error);
                }
            }
        });
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = perConnection.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new Result(all.Length, elapsed, all, errors, firstErrors.ToList());
    }
}

/// <summary>Requests sent at a fixed rate whatever the server does (as wrk2 does), each timed from when it was due.</summary>
public static class FixedRate
{
    public static async Task<ClosedLoop.Result> RunAsync(HttpClient http, Func<int, string> path, double perSecond, TimeSpan duration)
    {
        var count = Math.Max(1, (int)(perSecond * duration.TotalSeconds));
        var latencies = new double[count];
        var answered = new bool[count];
        var errors = 0L;
        var firstErrors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var offset = Random.Shared.Next(1_000_000);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sent = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = i * 1000.0 / perSecond;
            var wait = due - clock.Elapsed.TotalMilliseconds;
            if (wait > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait));
            }

            sent.Add(SendAsync(i, due));
        }

        await Task.WhenAll(sent);
        var elapsed = clock.Elapsed.TotalSeconds;
        var sorted = Enumerable.Range(0, count).Where(i => answered[i]).Select(i => latencies[i]).Order().ToArray();
        return new ClosedLoop.Result(sorted.Length, elapsed, sorted, errors, firstErrors.ToList());

        async Task SendAsync(int i, double due)
        {
            var (_, error) = await BenchClient.TimeGetAsync(http, path(offset + i));
            latencies[i] = clock.Elapsed.TotalMilliseconds - due;
            if (error is null)
            {
                answered[i] = true;
            }
            else if (Interlocked.Increment(ref errors) <= 3)
            {
                firstErrors.Enqueue(error);
            }
        }
    }
}
