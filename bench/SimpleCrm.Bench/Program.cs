using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SimpleCrm.Bench;

// Usage: SimpleCrm.Bench <base-url> [requests-per-scenario] [concurrency] [scenario-name-filter]
//        SimpleCrm.Bench ingest ...   (IngestBenchmark.cs)
//        SimpleCrm.Bench bare-ingest-server ...   (the baseline for ingest, BareIngestServer.cs)
//        SimpleCrm.Bench throughput <crm-url> <bare-url> [connections] [seconds] [working-set]   (ThroughputBenchmark.cs)
//        SimpleCrm.Bench bare-read-server <port>   (the baseline for reads, BareReadServer.cs)
//        SimpleCrm.Bench live <url>[,<url>...] [clients] [customers] [events] [interval-ms]   (live push at scale over API nodes, LiveLatency.cs)
//        SimpleCrm.Bench hub-kill <balanced-url> <node-b-url> <seconds> <fault-after> <fault-command>   (Drills/HubKillDrill.cs)
//        SimpleCrm.Bench drill <crm-url> <name> <seconds> <fault-after> <fault-command>   (a fault drill, Drills/DrillCommand.cs)
//        SimpleCrm.Bench analytics <crm-url> [requests-per-scenario] [concurrency]   (reports and segments, AnalyticsBenchmark.cs)
//        SimpleCrm.Bench memory grains|touch <crm-url> [count] [concurrency] [sample-seconds]   (memory per grain, Memory/MemoryBenchmark.cs)
//        SimpleCrm.Bench bulk <crm-url> <smtp-sink-port> <recipients> <rate> [deliver-seconds]   (bulk email to an SMTP sink, Bulk/BulkEmailBenchmark.cs)
// Sends each scenario's requests with a fixed concurrency and prints p50/p95/p99 per scenario as a Markdown table,
// then measures live event latency with many connected SignalR clients (scenario "live events"; LiveLatency.cs).
if (args.ElementAtOrDefault(0) == "ingest")
{
    return await SimpleCrm.Bench.Ingest.IngestBenchmark.RunAsync(args[1..]);
}

if (args.ElementAtOrDefault(0) == "bare-ingest-server")
{
    await SimpleCrm.Bench.Ingest.BareIngestServer.RunAsync(
        Environment.GetEnvironmentVariable("CRM_DB") ?? throw new InvalidOperationException("Set CRM_DB."), int.Parse(args[1], CultureInfo.InvariantCulture), SimpleCrm.Bench.Ingest.IngestBenchmark.Secret);
    return 0;
}

if (args.ElementAtOrDefault(0) == "throughput")
{
    return await SimpleCrm.Bench.Throughput.ThroughputBenchmark.RunAsync(args[1..]);
}

if (args.ElementAtOrDefault(0) == "live")
{
    return await LiveLatency.RunAsync(args[1..]);
}

if (args.ElementAtOrDefault(0) == "hub-kill")
{
    return await SimpleCrm.Bench.Drills.HubKillDrill.RunAsync(args[1..]);
}

if (args.ElementAtOrDefault(0) == "drill")
{
    return await SimpleCrm.Bench.Drills.DrillCommand.RunAsync(args[1..]);
}

if (args.ElementAtOrDefault(0) == "analytics")
{
    return await SimpleCrm.Bench.Analytics.AnalyticsBenchmark.RunAsync(args[1..]);
}

if (args.ElementAtOrDefault(0) == "memory")
{
    return await SimpleCrm.Bench.Memory.MemoryBenchmark.RunAsync(args[1..]);
}

if (args.ElementAtOrDefault(0) == "bulk")
{
    return await SimpleCrm.Bench.Bulk.BulkEmailBenchmark.RunAsync(args[1..]);
}

if (args.ElementAtOrDefault(0) == "bare-read-server")
{
    await SimpleCrm.Bench.Throughput.BareReadServer.RunAsync(
        Environment.GetEnvironmentVariable("CRM_DB") ?? throw new InvalidOperationException("Set CRM_DB."), int.Parse(args[1], CultureInfo.InvariantCulture));
    return 0;
}

var baseUrl = new Uri(args.ElementAtOrDefault(0) ?? "http://127.0.0.1:5080");
var requests = int.Parse(args.ElementAtOrDefault(1) ?? "400", CultureInfo.InvariantCulture);
var concurrency = int.Parse(args.ElementAtOrDefault(2) ?? "4", CultureInfo.InvariantCulture);
var only = args.ElementAtOrDefault(3);
using var http = BenchClient.Create(baseUrl, concurrency);
var token = await BenchClient.SignInAsync(http);

// Inputs drawn at random from the whole data set (./crm bench passes the database in CRM_DB).
var sample = await DataSample.DrawAsync(
    Environment.GetEnvironmentVariable("CRM_DB") ?? throw new InvalidOperationException("Set CRM_DB to the benchmark database."), Math.Max(requests, 400));
var ids = sample.CustomerIds;
var coldIds = sample.ColdCustomerIds;
var orderNumbers = sample.OrderNumbers;
var countries = sample.Countries;
var seed = int.Parse(Environment.GetEnvironmentVariable("CRM_BENCH_SEED") ?? Random.Shared.Next(1, 1_000_000).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
var terms = new SearchTerms(sample.LastNames, seed).Draw(Math.Max(requests, 400));
var cursor = (await GetJsonAsync("/api/v1/customers?limit=25")).GetProperty("next_cursor").GetString();
var total = (await GetJsonAsync("/api/v1/customers?limit=1&include_total=true")).GetProperty("total").GetInt64();
Console.WriteLine($"Customers in the workspace: {total:N0}; {requests} requests per scenario, concurrency {concurrency}; inputs drawn at random from the whole workspace (search terms: seed {seed}, one in ten finds nothing).");
Console.WriteLine();

var tagFilters = (await GetJsonAsync("/api/v1/tags")).EnumerateArray().Select(t => t.GetProperty("tag").GetString()!).DefaultIfEmpty("vip").ToArray();
// Bounds for the created_after/before scenarios, from the workspace's own span; and its first segment, if any.
var oldestCreated = (await GetJsonAsync("/api/v1/customers?limit=1&sort=created_at")).GetProperty("items")[0].GetProperty("created_at").GetDateTimeOffset();
var newestCreated = (await GetJsonAsync("/api/v1/customers?limit=1")).GetProperty("items")[0].GetProperty("created_at").GetDateTimeOffset();
var oldestTenth = Uri.EscapeDataString((oldestCreated + (newestCreated - oldestCreated) / 10).ToString("O", CultureInfo.InvariantCulture));
var middleTenth = Uri.EscapeDataString((oldestCreated + (newestCreated - oldestCreated) / 5).ToString("O", CultureInfo.InvariantCulture));
var newestTenth = Uri.EscapeDataString((newestCreated - (newestCreated - oldestCreated) / 10).ToString("O", CultureInfo.InvariantCulture));
var segmentId = (await GetJsonAsync("/api/v1/segments")).GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()).FirstOrDefault();
// Terms that match nobody (letters that almost never meet), with a filter: the whole plan runs and finds nothing.
var noMatch = new[] { "qxj", "zqx", "jxq", "xzq", "qjz", "zjx" };
var scenarios = new (string Name, Func<int, string> Url)[]
{
    // Runs first and only on ids no other scenario reads, so every request activates a grain.
    ("customer detail (first read: activation)", i => $"/api/v1/customers/{coldIds[i % coldIds.Length]}"),
    ("list, newest first", _ => "/api/v1/customers?limit=25"),
    ("list, next page (cursor)", _ => $"/api/v1/customers?limit=25&cursor={cursor}"),
    ("filter country+status", i => $"/api/v1/customers?country={Pick(countries, i)}&status=active&limit=25"),
    ("filter tag", i => $"/api/v1/customers?tag={Uri.EscapeDataString(Pick(tagFilters, i))}&limit=25"),
    ("filter ltv_gte, sort -ltv", i => $"/api/v1/customers?ltv_gte={100 * (i % 20)}&sort=-lifetime_value_usd&limit=25"),
    ("sort last_name", _ => "/api/v1/customers?sort=last_name&limit=25"),
    ("search 3 letters", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&limit=25"),
    ("search 3 letters + country filter", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&country={Pick(countries, i)}&limit=25"),
    ("search 3 letters + status filter", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&status={Pick(["active", "vip", "inactive"], i)}&limit=25"),
    ("search 3 letters + ltv_gte (no key)", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&ltv_gte={100 * (i % 10)}&limit=25"),
    // A search with each filter of the list that is not a search key (values tested on the customer), and with a
    // selective key for comparison. Thresholds cover the common (ltv_gte=100) to the rare (ltv_gte=1500, about 1 %).
    ("search + ltv_gte=100", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&ltv_gte=100&limit=25"),
    ("search + ltv_gte=500", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&ltv_gte=500&limit=25"),
    ("search + ltv_gte=1000", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&ltv_gte=1000&limit=25"),
    ("search + ltv_gte=1500", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&ltv_gte=1500&limit=25"),
    ("search + ltv_lte=150", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&ltv_lte=150&limit=25"),
    ("search + orders_gte=8", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&orders_gte=8&limit=25"),
    ("search + orders_gte=11", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&orders_gte=11&limit=25"),
    ("search + created_before (oldest tenth)", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&created_before={oldestTenth}&limit=25"),
    ("search + created_after (newest tenth)", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&created_after={newestTenth}&limit=25"),
    ("search + tag", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&tag={Uri.EscapeDataString(Pick(tagFilters, i))}&limit=25"),
    ("search + owner (none assigned)", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&owner={Guid.NewGuid()}&limit=25"),
    ("search + custom field (a rare value)", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&custom.plan=gold&limit=25"),
    ("search + custom field (a common value)", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&custom.plan=free&limit=25"),
    ("search + custom field (nobody has it)", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&custom.plan=diamond&limit=25"),
    ("search + ltv range 1500-2500", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&ltv_gte=1500&ltv_lte=2500&limit=25"),
    ("search + created range (a tenth in the middle)", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&created_after={oldestTenth}&created_before={middleTenth}&limit=25"),
    ("search + segment", i => segmentId is null ? $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&limit=25" : $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i))}&segment={segmentId}&limit=25"),
    ("search no match + ltv_gte=500", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(noMatch, i))}&ltv_gte=500&limit=25"),
    ("search accent-free (muller)", _ => "/api/v1/customers?q=muller&limit=25"),
    ("search 2 chars prefix", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(terms, i)[..2])}&limit=25"),
    ("search CJK name", _ => "/api/v1/customers?q=" + Uri.EscapeDataString("王") + "&limit=25"),
    ("search exact order number", i => $"/api/v1/customers?q={Uri.EscapeDataString(Pick(orderNumbers, i))}&limit=25"),
    ("orders filter status", i => $"/api/v1/orders?status={Pick(["shipped", "pending", "delivered", "cancelled"], i)}&limit=25"),
    ("customer's orders", i => $"/api/v1/customers/{ids[i % ids.Length]}/orders?limit=25"),
    ("customer detail (grain active)", i => $"/api/v1/customers/{ids[i % ids.Length]}"),
};

Console.WriteLine("| scenario | p50 ms | p95 ms | p99 ms | max ms | req/s | errors |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
var failedScenarios = new List<string>();
foreach (var (name, url) in scenarios.Where(s => only is null || s.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
{
    var cold = name.Contains("first read", StringComparison.Ordinal);
    var count = cold ? Math.Min(requests, coldIds.Length) : requests;
    // Warm-up, not measured (JIT, connection pool, plan cache); the first-read scenario stays cold.
    if (!cold)
    {
        for (var i = 0; i < 10; i++)
        {
            await BenchClient.TimeGetAsync(http, url(requests + i));
        }
    }

    var latencies = new double[count];
    var errors = 0;
    string? firstError = null;
    var clock = Stopwatch.StartNew();
    await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
    {
        var (ms, error) = await BenchClient.TimeGetAsync(http, url(i));
        latencies[i] = ms;
        if (error is not null && Interlocked.Increment(ref errors) == 1)
        {
            firstError = error;
        }
    });
    var elapsed = clock.Elapsed.TotalSeconds;
    Array.Sort(latencies);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {BenchClient.Percentile(latencies, 0.50):F1} | {BenchClient.Percentile(latencies, 0.95):F1} | {BenchClient.Percentile(latencies, 0.99):F1} | {latencies[^1]:F1} | {count / elapsed:F0} | {errors} |"));
    if (firstError is not null)
    {
        failedScenarios.Add($"{name}: {errors} failed, first: {firstError}");
    }
}

if (only is null || "live events".Contains(only, StringComparison.OrdinalIgnoreCase))
{
    var clients = int.Parse(Environment.GetEnvironmentVariable("CRM_BENCH_LIVE_CLIENTS") ?? "200", CultureInfo.InvariantCulture);
    if (await LiveLatency.RunAsync(baseUrl, token!, ids[0], clients, events: 50) != 0)
    {
        failedScenarios.Add("live events");
    }
}

foreach (var failure in failedScenarios)
{
    Console.Error.WriteLine(failure);
}

return failedScenarios.Count == 0 ? 0 : 1;

async Task<JsonElement> GetJsonAsync(string url) => JsonDocument.Parse(await http.GetStringAsync(url)).RootElement.Clone();

static string Pick(string[] values, int i) => values[i % values.Length];
