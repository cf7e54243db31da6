using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SimpleCrm.Bench;

// Usage: SimpleCrm.Bench <base-url> [requests-per-scenario] [concurrency] [scenario-name-filter]
//        SimpleCrm.Bench ingest ...   (IngestBenchmark.cs)
//        SimpleCrm.Bench bare-ingest-server ...   (the baseline for ingest, BareIngestServer.cs)
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

var baseUrl = new Uri(args.ElementAtOrDefault(0) ?? "http://127.0.0.1:5080");
var requests = int.Parse(args.ElementAtOrDefault(1) ?? "400", CultureInfo.InvariantCulture);
var concurrency = int.Parse(args.ElementAtOrDefault(2) ?? "4", CultureInfo.InvariantCulture);
var only = args.ElementAtOrDefault(3);
using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

string? token;
// Sign in like any API client (./crm bench sets the bench database's admin in these variables).
var email = Environment.GetEnvironmentVariable("CRM_ADMIN_EMAIL") ?? throw new InvalidOperationException("Set CRM_ADMIN_EMAIL and CRM_ADMIN_PASSWORD.");
var password = Environment.GetEnvironmentVariable("CRM_ADMIN_PASSWORD");
using (var login = await http.PostAsync("/api/v1/auth/login", new StringContent(JsonSerializer.Serialize(new { email, password }), System.Text.Encoding.UTF8, "application/json")))
{
    login.EnsureSuccessStatusCode();
    token = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
    http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
}

// Inputs drawn at random from the whole data set (./crm bench passes the database in CRM_DB).
var sample = await DataSample.DrawAsync(
    Environment.GetEnvironmentVariable("CRM_DB") ?? throw new InvalidOperationException("Set CRM_DB to the benchmark database."), Math.Max(requests, 400));
var ids = sample.CustomerIds;
var names = sample.LastNames;
var orderNumbers = sample.OrderNumbers;
var cursor = (await GetJsonAsync("/api/v1/customers?limit=25")).GetProperty("next_cursor").GetString();
var total = (await GetJsonAsync("/api/v1/customers?limit=1&include_total=true")).GetProperty("total").GetInt64();
Console.WriteLine($"Customers in the workspace: {total:N0}; {requests} requests per scenario, concurrency {concurrency}.");
Console.WriteLine();

var random = new Random(7);
var scenarios = new (string Name, Func<int, string> Url)[]
{
    ("list, newest first", _ => "/api/v1/customers?limit=25"),
    ("list, next page (cursor)", _ => $"/api/v1/customers?limit=25&cursor={cursor}"),
    ("filter country+status", i => $"/api/v1/customers?country={Pick(["DE", "US", "JP", "FR", "BR"], i)}&status=active&limit=25"),
    ("filter tag", _ => "/api/v1/customers?tag=vip&limit=25"),
    ("filter ltv_gte, sort -ltv", _ => "/api/v1/customers?ltv_gte=500&sort=-lifetime_value_usd&limit=25"),
    ("sort last_name", _ => "/api/v1/customers?sort=last_name&limit=25"),
    ("search 3+ chars (name part)", i => $"/api/v1/customers?q={Uri.EscapeDataString(names[i % names.Length][1..4])}&limit=25"),
    ("search 3+ chars + country filter", i => $"/api/v1/customers?q={Uri.EscapeDataString(names[i % names.Length][1..4])}&country={Pick(["DE", "US", "JP", "FR", "BR"], i)}&limit=25"),
    ("search 3+ chars + status filter", i => $"/api/v1/customers?q={Uri.EscapeDataString(names[i % names.Length][1..4])}&status={Pick(["active", "vip", "inactive"], i)}&limit=25"),
    ("search 3+ chars + ltv_gte (no key)", i => $"/api/v1/customers?q={Uri.EscapeDataString(names[i % names.Length][1..4])}&ltv_gte=200&limit=25"),
    ("search accent-free (muller)", _ => "/api/v1/customers?q=muller&limit=25"),
    ("search 2 chars prefix", _ => "/api/v1/customers?q=jo&limit=25"),
    ("search CJK name", _ => "/api/v1/customers?q=" + Uri.EscapeDataString("王") + "&limit=25"),
    ("search exact order number", i => $"/api/v1/customers?q={Uri.EscapeDataString(orderNumbers[i % orderNumbers.Length])}&limit=25"),
    ("orders filter status", _ => "/api/v1/orders?status=shipped&limit=25"),
    ("customer's orders", i => $"/api/v1/customers/{ids[i % ids.Length]}/orders?limit=25"),
    ("customer detail (first read: activation)", i => $"/api/v1/customers/{ids[i % ids.Length]}"),
    ("customer detail (grain active)", i => $"/api/v1/customers/{ids[i % ids.Length]}"),
};

Console.WriteLine("| scenario | p50 ms | p95 ms | p99 ms | max ms | req/s |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
foreach (var (name, url) in scenarios.Where(s => only is null || s.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
{
    var count = name.StartsWith("customer detail (first", StringComparison.Ordinal) ? Math.Min(requests, ids.Length) : requests;
    // Warm-up, not measured (JIT, connection pool, plan cache); the first-read scenario stays cold.
    if (!name.Contains("first read", StringComparison.Ordinal))
    {
        for (var i = 0; i < 10; i++)
        {
            await SendAsync(url(i));
        }
    }

    var latencies = new double[count];
    var clock = Stopwatch.StartNew();
    await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) => latencies[i] = await SendAsync(url(i)));
    var elapsed = clock.Elapsed.TotalSeconds;
    Array.Sort(latencies);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {P(latencies, 0.50):F1} | {P(latencies, 0.95):F1} | {P(latencies, 0.99):F1} | {latencies[^1]:F1} | {count / elapsed:F0} |"));
}

if (only is null || "live events".Contains(only, StringComparison.OrdinalIgnoreCase))
{
    var clients = int.Parse(Environment.GetEnvironmentVariable("CRM_BENCH_LIVE_CLIENTS") ?? "200", CultureInfo.InvariantCulture);
    await LiveLatency.RunAsync(baseUrl, http, token!, ids[0], clients, events: 50);
}

return 0;

async Task<double> SendAsync(string url)
{
    var start = Stopwatch.GetTimestamp();
    using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead);
    var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    return ms;
}

async Task<JsonElement> GetJsonAsync(string url) => JsonDocument.Parse(await http.GetStringAsync(url)).RootElement.Clone();

static double P(double[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

static string Pick(string[] values, int i) => values[i % values.Length];
