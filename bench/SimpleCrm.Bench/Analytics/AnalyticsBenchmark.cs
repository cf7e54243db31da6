using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SimpleCrm.Bench.Analytics;

/// <summary>
/// SimpleCrm.Bench analytics &lt;base-url&gt; [requests-per-scenario] [concurrency]: p50/p95/p99 of every
/// /api/v1/analytics report over the whole workspace (random date ranges and time zones), of the segment builder's
/// count preview (random rules from <see cref="RuleGenerator"/>), of a segment's first page of members and of its count
/// history. Inputs are drawn from a seed that is printed (CRM_BENCH_SEED repeats a run). Not a pass/fail test: a
/// scenario fails only when requests fail.
/// </summary>
public static class AnalyticsBenchmark
{
    private static readonly string[] TimeZones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "America/Sao_Paulo"];
    private static readonly int[] RangeDays = [7, 30, 90, 365, 1095];
    private const int Segments = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        var baseUrl = new Uri(args.ElementAtOrDefault(0) ?? "http://127.0.0.1:5080");
        var requests = int.Parse(args.ElementAtOrDefault(1) ?? "200", CultureInfo.InvariantCulture);
        var concurrency = int.Parse(args.ElementAtOrDefault(2) ?? "4", CultureInfo.InvariantCulture);
        var seed = int.Parse(Environment.GetEnvironmentVariable("CRM_BENCH_SEED") ?? Random.Shared.Next(1, 1_000_000).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        using var http = BenchClient.Create(baseUrl, concurrency);
        // Defining a segment over a million customers writes its memberships at once: longer than a read may take.
        using var slow = BenchClient.Create(baseUrl, 1);
        slow.Timeout = TimeSpan.FromMinutes(10);
        slow.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await BenchClient.SignInAsync(http));

        var sample = await DataSample.DrawAsync(
            Environment.GetEnvironmentVariable("CRM_DB") ?? throw new InvalidOperationException("Set CRM_DB to the benchmark database."), 400);
        var countries = sample.Countries.Distinct().ToArray();
        var tags = JsonDocument.Parse(await http.GetStringAsync("/api/v1/tags")).RootElement.EnumerateArray().Select(t => t.GetProperty("tag").GetString()!).DefaultIfEmpty("vip").ToArray();
        var total = JsonDocument.Parse(await http.GetStringAsync("/api/v1/customers?limit=1&include_total=true")).RootElement.GetProperty("total").GetInt64();
        var rules = new RuleGenerator(seed, countries, tags);
        var random = new Random(seed);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var segmentIds = new List<string>();
        for (var attempt = 1; segmentIds.Count < Segments && attempt <= 3 * Segments; attempt++)
        {
            var name = $"Bench {seed}-{attempt}";
            var clock = Stopwatch.StartNew();
            var body = JsonSerializer.Serialize(new { name, rules = rules.Next() });
            using var created = await slow.PostAsync("/api/v1/segments", new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await created.Content.ReadAsStringAsync();
            if (!created.IsSuccessStatusCode)
            {
                // Filling a large segment may outlast the grain call's timeout on a loaded machine: draw other rules.
                Console.WriteLine($"Segment {name} not defined ({(int)created.StatusCode} after {clock.Elapsed.TotalSeconds:F1} s); rules {body}");
                continue;
            }

            var segment = JsonDocument.Parse(text).RootElement;
            segmentIds.Add(segment.GetProperty("id").GetString()!);
            Console.WriteLine($"Segment {name}: {segment.GetProperty("member_count").GetInt64():N0} members, defined in {clock.Elapsed.TotalSeconds:F1} s; rules {body}");
        }

        if (segmentIds.Count == 0)
        {
            await Console.Error.WriteLineAsync("No benchmark segment could be defined.");
            return 1;
        }

        Console.WriteLine();
        Console.WriteLine($"Customers in the workspace: {total:N0}; {requests} requests per scenario, concurrency {concurrency}; seed {seed} " +
                          $"(date ranges of {string.Join("/", RangeDays)} days ending today or earlier, time zones {string.Join(", ", TimeZones)}; preview rules from the seeded generator).");
        Console.WriteLine();

        string Range()
        {
            var days = RangeDays[random.Next(RangeDays.Length)];
            var to = today.AddDays(-random.Next(0, 60));
            var tz = TimeZones[random.Next(TimeZones.Length)];
            return string.Create(CultureInfo.InvariantCulture, $"from={to.AddDays(1 - days):yyyy-MM-dd}&to={to:yyyy-MM-dd}&tz={Uri.EscapeDataString(tz)}");
        }

        string Pick(string[] values) => values[random.Next(values.Length)];

        // Each scenario draws its inputs up front from the seed, so a run is repeatable whatever the interleaving.
        var scenarios = new (string Name, Func<HttpRequestMessage> Request)[]
        {
            ("analytics live-revenue (this month)", () => Get($"/api/v1/analytics/live-revenue?from={today:yyyy-MM}-01&to={today:yyyy-MM-dd}")),
            ("analytics customer-growth", () => Get($"/api/v1/analytics/customer-growth?{Range()}&period={Pick(["day", "week", "month"])}")),
            ("analytics revenue-by-country", () => Get($"/api/v1/analytics/revenue-by-country?{Range()}")),
            ("analytics order-trends", () => Get($"/api/v1/analytics/order-trends?{Range()}&period={Pick(["day", "week", "month"])}")),
            ("analytics top-customers", () => Get($"/api/v1/analytics/top-customers?{Range()}&by={Pick(["ltv", "orders"])}&limit=25")),
            ("analytics segmentation", () => Get($"/api/v1/analytics/segmentation?{Range()}")),
            ("analytics activity-summary", () => Get($"/api/v1/analytics/activity-summary?{Range()}")),
            ("analytics churn-risk", () => Get($"/api/v1/analytics/churn-risk?{Range()}&limit=100")),
            ("segment preview count (random rules)", () => Post("/api/v1/segments/preview", JsonSerializer.Serialize(new { rules = rules.Next() }))),
            ("segment members, first page", () => Get($"/api/v1/segments/{segmentIds[random.Next(segmentIds.Count)]}/members?limit=25")),
            ("segment members, first page + total", () => Get($"/api/v1/segments/{segmentIds[random.Next(segmentIds.Count)]}/members?limit=25&include_total=true")),
            ("segment count per day, 365 days", () => Get($"/api/v1/segments/{segmentIds[random.Next(segmentIds.Count)]}/counts?from={today.AddDays(-364):yyyy-MM-dd}&to={today:yyyy-MM-dd}&tz={Uri.EscapeDataString(Pick(TimeZones))}")),
        };

        Console.WriteLine("| scenario | p50 ms | p95 ms | p99 ms | max ms | req/s | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var failures = new List<string>();
        foreach (var (name, request) in scenarios)
        {
            var inputs = Enumerable.Range(0, requests + 5).Select(_ => request()).ToArray();
            // Warm-up, not measured (JIT, connection pool, plan cache).
            foreach (var warm in inputs[requests..])
            {
                await TimeAsync(http, warm);
            }

            var latencies = new double[requests];
            var errors = 0;
            string? firstError = null;
            var clock = Stopwatch.StartNew();
            await Parallel.ForAsync(0, requests, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
            {
                var (ms, error) = await TimeAsync(http, inputs[i]);
                latencies[i] = ms;
                if (error is not null && Interlocked.Increment(ref errors) == 1)
                {
                    firstError = error;
                }
            });
            var elapsed = clock.Elapsed.TotalSeconds;
            Array.Sort(latencies);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {BenchClient.Percentile(latencies, 0.50):F1} | {BenchClient.Percentile(latencies, 0.95):F1} | {BenchClient.Percentile(latencies, 0.99):F1} | {latencies[^1]:F1} | {requests / elapsed:F1} | {errors} |"));
            if (firstError is not null)
            {
                failures.Add($"{name}: {errors} failed, first: {firstError}");
            }
        }

        foreach (var id in segmentIds)
        {
            using var deleted = await slow.DeleteAsync($"/api/v1/segments/{id}");
        }

        foreach (var failure in failures)
        {
            await Console.Error.WriteLineAsync(failure);
        }

        return failures.Count == 0 ? 0 : 1;
    }

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static HttpRequestMessage Post(string url, string json) => new(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    /// <summary>One request, read to the end; its latency, and whether it succeeded (a failure is counted, never thrown).</summary>
    private static async Task<(double Milliseconds, string? Error)> TimeAsync(HttpClient http, HttpRequestMessage request)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            return response.IsSuccessStatusCode ? (ms, null) : (ms, $"{(int)response.StatusCode} {request.Method} {request.RequestUri} {await response.Content.ReadAsStringAsync()}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (Stopwatch.GetElapsedTime(start).TotalMilliseconds, $"{e.GetType().Name} {request.Method} {request.RequestUri}");
        }
    }
}
