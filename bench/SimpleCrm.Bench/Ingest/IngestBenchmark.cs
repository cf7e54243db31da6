using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace SimpleCrm.Bench.Ingest;

/// <summary>
/// Shopify order webhooks at a set rate, against the bare baseline and against the CRM in the same run: the ack
/// (answer) latency of both and their throughput ratio, then how fast the CRM turns acknowledged events into
/// customers and orders (processing lag, sustained rate) and whether every acknowledged event became exactly
/// one order. Events the CRM did not acknowledge (it was killed, say) are sent again afterwards, as Shopify
/// retries, so the exactly-once count covers them too.
/// </summary>
public static class IngestBenchmark
{
    private const string ShopDomain = "bench-eu.myshopify.com";
    /// <summary>The shop's webhook secret; the baseline server checks signatures with it too.</summary>
    public const string Secret = "bench-webhook-secret-7f3a";

    /// <summary>Usage: ingest crm-url baseline-url rate-per-second seconds.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var crm = new Uri(args[0]);
        var baseline = new Uri(args[1]);
        var rate = int.Parse(args[2], CultureInfo.InvariantCulture);
        var seconds = int.Parse(args[3], CultureInfo.InvariantCulture);
        var connectionString = Environment.GetEnvironmentVariable("CRM_DB") ?? throw new InvalidOperationException("Set CRM_DB to the benchmark database.");
        var count = rate * seconds;

        var (shopId, token) = await ConnectShopAsync(crm);
        var segments = int.Parse(Environment.GetEnvironmentVariable("CRM_BENCH_SEGMENTS") ?? "0", CultureInfo.InvariantCulture);
        if (segments > 0)
        {
            await DefineSegmentsAsync(crm, token, segments);
        }

        Console.WriteLine($"Signing {2 * count:N0} orders/create events ({count:N0} per target, {rate}/s for {seconds} s; 20,000 customers, 10 currencies)...");
        var forBaseline = Generate(count, seed: 1);
        var forCrm = Generate(count, seed: 2);
        Console.WriteLine($"Body size: {forCrm.Average(e => e.Body.Length) / 1024:F1} KiB on average.");
        Console.WriteLine();

        var bare = await OpenLoopSender.RunAsync(new Uri(baseline, "/webhooks/shopify"), forBaseline, rate);
        var started = DateTimeOffset.UtcNow;
        if (Environment.GetEnvironmentVariable("CRM_BENCH_PHASE_FILE") is { Length: > 0 } phaseFile)
        {
            await File.WriteAllTextAsync(phaseFile, "crm"); // ./crm bench ingest --kill times its kill from here
        }

        var real = await OpenLoopSender.RunAsync(new Uri(crm, "/webhooks/shopify"), forCrm, rate);

        // As Shopify does: what got no 2xx is delivered again (the same event, the same event id).
        var acked = real.AckedOrderIds.ToHashSet();
        var unacked = forCrm.Where(e => !acked.Contains(e.OrderId)).ToList();
        var retried = 0;
        for (var attempt = 0; unacked.Count > 0 && attempt < 20; attempt++)
        {
            await WaitForAsync(new Uri(crm, "/health/ready"));
            var again = await OpenLoopSender.RunAsync(new Uri(crm, "/webhooks/shopify"), unacked, Math.Min(rate, 200));
            retried += again.Acked;
            acked.UnionWith(again.AckedOrderIds);
            unacked = unacked.Where(e => !acked.Contains(e.OrderId)).ToList();
        }

        Console.WriteLine("| target | sent | acked (2xx) | refused | no answer | acked/s | ack p50 ms | ack p95 ms | ack p99 ms | ack max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Row("bare baseline (ASP.NET + Npgsql)", bare);
        Row("SimpleCrm /webhooks/shopify", real);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Ack throughput, CRM / baseline: {real.AckedPerSecond / bare.AckedPerSecond:P0}; p99 {real.Percentile(0.99):F1} ms vs {bare.Percentile(0.99):F1} ms."));
        if (retried > 0 || unacked.Count > 0)
        {
            Console.WriteLine($"Delivered again after no 2xx: {retried:N0} acknowledged on a later attempt, {unacked.Count:N0} never.");
        }

        var processing = await WaitForProcessingAsync(connectionString, shopId, acked.Count, started);
        Console.WriteLine();
        Console.WriteLine(processing);
        if (segments > 0)
        {
            Console.WriteLine(await SegmentMovesAsync(connectionString, shopId, started, acked.Count));
        }
        return processing.Exact ? 0 : 1;
    }

    private static List<SignedEvent> Generate(int count, int seed)
    {
        var events = new ShopifyOrderEvents(ShopDomain, Secret, customerPool: 20_000, seed);
        return Enumerable.Range(0, count).Select(_ => events.Next()).ToList();
    }

    private static void Row(string name, LoadResult r) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {r.Sent:N0} | {r.Acked:N0} | {r.Refused:N0} | {r.Failed:N0} | {r.AckedPerSecond:F0} | {r.Percentile(0.5):F1} | {r.Percentile(0.95):F1} | {r.Percentile(0.99):F1} | {r.Percentile(1):F1} |"));

    /// <summary>
    /// Segments from the analytics benchmark's rule generator (countries, lifetime value, order counts, tags; seeded),
    /// defined before any order arrives, so every entry and exit during the run is the live path's.
    /// </summary>
    private static async Task DefineSegmentsAsync(Uri crm, string token, int count)
    {
        using var http = new HttpClient { BaseAddress = crm };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var rules = new Analytics.RuleGenerator(seed: 7, countries: ["US", "CA", "DE", "GB", "FR"], tags: ["vip", "wholesale", "newsletter"]);
        for (var i = 0; i < count; i++)
        {
            var created = await http.PostAsJsonAsync("/api/v1/segments", new { name = $"Bench segment {i + 1}", rules = rules.Next() });
            if (!created.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Defining segment {i + 1} failed: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
            }
        }

        Console.WriteLine($"Defined {count} segments (rule generator seed 7).");
    }

    /// <summary>Entries and exits during the run: how many the orders caused, in all and per order.</summary>
    private static async Task<string> SegmentMovesAsync(string connectionString, Guid shopId, DateTimeOffset started, long orders)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        await SetWorkspaceAsync(connection, shopId);
        await using var command = new NpgsqlCommand("""
            select count(*) filter (where entered_at >= $1), count(*) filter (where left_at >= $1) from segment_memberships
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = started });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (entered, left) = (reader.GetInt64(0), reader.GetInt64(1));
        return string.Create(CultureInfo.InvariantCulture,
            $"Segment moves during the run: {entered:N0} entries and {left:N0} exits, {(entered + left) / (double)Math.Max(1, orders):F1} per order.");
    }

    /// <summary>Signs in as the benchmark admin and connects the shop whose secret signs the events.</summary>
    private static async Task<(Guid ShopId, string Token)> ConnectShopAsync(Uri crm)
    {
        using var http = new HttpClient { BaseAddress = crm };
        var login = await http.PostAsJsonAsync("/api/v1/auth/login", new
        {
            email = Environment.GetEnvironmentVariable("CRM_ADMIN_EMAIL"),
            password = Environment.GetEnvironmentVariable("CRM_ADMIN_PASSWORD"),
        });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var connect = await http.PostAsJsonAsync("/api/v1/integrations/shopify", new { shop_domain = ShopDomain, access_token = "shpat_bench", api_secret_key = Secret });
        if (!connect.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Connecting the benchmark shop failed: {(int)connect.StatusCode} {await connect.Content.ReadAsStringAsync()}");
        }

        return ((await connect.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), token!);
    }

    private static async Task WaitForAsync(Uri health)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 240; i++)
        {
            try
            {
                if ((await http.GetAsync(health)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(500);
        }
    }

    /// <summary>Waits until the inbox holds no pending event of the shop, then counts and times what became of them.</summary>
    private static async Task<ProcessingResult> WaitForProcessingAsync(string connectionString, Guid shopId, int acked, DateTimeOffset started)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            await using var pending = dataSource.CreateCommand("select count(*) from commerce_inbox where shop_id = $1 and status = 'pending'");
            pending.Parameters.Add(new NpgsqlParameter { Value = shopId });
            if ((long)(await pending.ExecuteScalarAsync())! == 0)
            {
                break;
            }

            await Task.Delay(500);
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var stats = new NpgsqlCommand("""
            select count(*) filter (where status = 'processed'),
                   count(*) filter (where status = 'dead'),
                   count(*) filter (where status = 'pending'),
                   percentile_cont(array[0.5, 0.95, 0.99]) within group (order by extract(epoch from processed_at - received_at) * 1000)
                       filter (where status = 'processed'),
                   extract(epoch from max(processed_at) - min(received_at))
            from commerce_inbox where shop_id = $1
            """, connection);
        stats.Parameters.Add(new NpgsqlParameter { Value = shopId });
        await using var reader = await stats.ExecuteReaderAsync();
        await reader.ReadAsync();
        var processed = reader.GetInt64(0);
        var dead = reader.GetInt64(1);
        var stillPending = reader.GetInt64(2);
        var lag = reader.IsDBNull(3) ? [double.NaN, double.NaN, double.NaN] : reader.GetFieldValue<double[]>(3);
        var span = reader.IsDBNull(4) ? double.NaN : (double)reader.GetDecimal(4);
        await reader.DisposeAsync();

        await using var orders = new NpgsqlCommand("""
            select count(*), count(distinct l.external_id) from commerce_links l join commerce_shops s on s.id = l.shop_id
            where l.shop_id = $1 and l.kind = 'order'
            """, connection);
        orders.Parameters.Add(new NpgsqlParameter { Value = shopId });
        await SetWorkspaceAsync(connection, shopId);
        await using var orderReader = await orders.ExecuteReaderAsync();
        await orderReader.ReadAsync();
        var links = orderReader.GetInt64(0);
        var distinctOrders = orderReader.GetInt64(1);
        return new ProcessingResult(acked, processed, dead, stillPending, links, distinctOrders, lag, span, started);
    }

    private static async Task SetWorkspaceAsync(NpgsqlConnection connection, Guid shopId)
    {
        await using var set = new NpgsqlCommand(
            "select set_config('crm.workspace_id', (select workspace_id::text from commerce_shop_routes where shop_id = $1), false)", connection);
        set.Parameters.Add(new NpgsqlParameter { Value = shopId });
        await set.ExecuteScalarAsync();
    }

    private sealed record ProcessingResult(
        int Acked, long Processed, long Dead, long Pending, long OrderLinks, long DistinctOrders, double[] LagMs, double SpanSeconds, DateTimeOffset Started)
    {
        public bool Exact => Processed == Acked && OrderLinks == Acked && DistinctOrders == Acked && Dead == 0 && Pending == 0;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"""
            Processing: {Processed:N0} of {Acked:N0} acknowledged events processed, {Dead:N0} dead, {Pending:N0} still pending.
            Orders: {OrderLinks:N0} created for {DistinctOrders:N0} distinct Shopify orders ({(Exact ? "exactly once each: none lost, none doubled" : "NOT exact")}).
            Sustained: {Processed / SpanSeconds:F0} events/s processed from the first ack to the last processed event ({SpanSeconds:F1} s).
            Lag ack → rows: p50 {LagMs[0]:F0} ms, p95 {LagMs[1]:F0} ms, p99 {LagMs[2]:F0} ms.
            """);
    }
}
