using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace SimpleCrm.Bench.Memory;

/// <summary>
/// Memory of customer grains, read from the CRM's operator memory check (POST /ops/memory: a full collection, then
/// the heap, the working set and the activations per grain type).
/// "grains": the heap with no customer grain, then after reading N customers drawn at random from the whole
/// workspace, and the bytes each activated grain adds.
/// "touch": every customer read once in random order while the heap is sampled; with a short idle age
/// (Crm:Cluster:IdleGrainMinutes) it stays bounded by what was read within that age.
/// Usage: memory grains &lt;crm-url&gt; [count] [concurrency] | memory touch &lt;crm-url&gt; [count|all] [concurrency] [sample-seconds]
/// </summary>
public static class MemoryBenchmark
{
    private const string CustomerGrainType = "SimpleCrm.Grains.Customers.CustomerGrain";
    private const double Megabyte = 1024 * 1024;

    /// <summary>Well inside an access token's lifetime (15 minutes).</summary>
    private static readonly TimeSpan TokenRefresh = TimeSpan.FromMinutes(5);

    private static string token = "";

    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args.ElementAtOrDefault(0) ?? throw new ArgumentException("memory grains|touch <crm-url> ...");
        var crm = new Uri(args.ElementAtOrDefault(1) ?? "http://127.0.0.1:5095");
        var connectionString = Environment.GetEnvironmentVariable("CRM_DB") ?? throw new InvalidOperationException("Set CRM_DB.");
        var concurrency = int.Parse(args.ElementAtOrDefault(3) ?? "8", CultureInfo.InvariantCulture);
        using var http = BenchClient.Create(crm, concurrency + 1);
        http.Timeout = TimeSpan.FromMinutes(2);
        token = await BenchClient.SignInAsync(http);
        http.DefaultRequestHeaders.Authorization = null;

        var seed = Environment.GetEnvironmentVariable("CRM_BENCH_SEED") is { Length: > 0 } given ? int.Parse(given, CultureInfo.InvariantCulture) : Random.Shared.Next();
        var ids = await AllCustomerIdsAsync(connectionString);
        new Random(seed).Shuffle(ids);
        Console.WriteLine($"{ids.Length:N0} customers in the workspace, read in random order (seed {seed}); concurrency {concurrency}; {Environment.ProcessorCount} cores, load {LoadAverage()}.");

        return mode switch
        {
            "grains" => await GrainsAsync(http, ids[..Math.Min(ids.Length, Count(args, 100_000, ids.Length))], concurrency),
            "touch" => await TouchAsync(http, ids[..Math.Min(ids.Length, Count(args, ids.Length, ids.Length))], concurrency,
                TimeSpan.FromSeconds(double.Parse(args.ElementAtOrDefault(4) ?? "15", CultureInfo.InvariantCulture))),
            _ => throw new ArgumentException($"unknown memory mode {mode}: grains or touch"),
        };
    }

    private static int Count(string[] args, int fallback, int all) => args.ElementAtOrDefault(2) switch
    {
        null => fallback,
        "all" => all,
        var text => int.Parse(text, CultureInfo.InvariantCulture),
    };

    private static async Task<int> GrainsAsync(HttpClient http, Guid[] ids, int concurrency)
    {
        var before = await CheckAsync(http);
        var clock = Stopwatch.StartNew();
        var errors = await ReadAllAsync(http, ids, concurrency, _ => { });
        var elapsed = clock.Elapsed;
        var after = await CheckAsync(http);
        var grains = after.CustomerGrains - before.CustomerGrains;
        Console.WriteLine();
        Console.WriteLine("| | customer grains | all activations | heap after full GC | working set |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine(Row("before", before));
        Console.WriteLine(Row($"after {ids.Length:N0} reads", after));
        Console.WriteLine();
        Console.WriteLine($"{ids.Length:N0} reads in {elapsed.TotalSeconds:F0} s ({ids.Length / elapsed.TotalSeconds:F0}/s), {errors:N0} failed; load {LoadAverage()}.");
        Console.WriteLine(grains > 0
            ? $"Bytes per customer grain: {(after.HeapBytes - before.HeapBytes) / (double)grains:N0} heap, {(after.WorkingSetBytes - before.WorkingSetBytes) / (double)grains:N0} working set ({grains:N0} grains)."
            : "No customer grain was activated: nothing to divide by.");
        return errors == 0 && grains > 0 ? 0 : 1;
    }

    /// <summary>How long after the last read the run waits for every customer grain to be deactivated.</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(5);

    private static async Task<int> TouchAsync(HttpClient http, Guid[] ids, int concurrency, TimeSpan every)
    {
        Console.WriteLine();
        Console.WriteLine("| time | customers read | customer grains | all activations | heap after full GC | working set | GC pause | load |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        var clock = Stopwatch.StartNew();
        var signedIn = TimeSpan.Zero;
        var touched = 0;
        var samples = new List<MemoryFigures>();
        async Task SampleAsync()
        {
            var figures = await CheckAsync(http);
            samples.Add(figures);
            Console.WriteLine($"| {clock.Elapsed.TotalSeconds:F0} s | {Volatile.Read(ref touched):N0} | {figures.CustomerGrains:N0} | {figures.AllActivations:N0} | {figures.HeapBytes / Megabyte:F0} MB | {figures.WorkingSetBytes / Megabyte:F0} MB | {figures.CollectionMilliseconds:F0} ms | {LoadAverage()} |");
        }

        await SampleAsync();
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(every, done.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                await SampleAsync();
                if (clock.Elapsed - signedIn > TokenRefresh)
                {
                    // A run longer than an access token's life signs in again; requests carry the token themselves,
                    // because the client's default headers must not change while requests are in flight.
                    using var fresh = BenchClient.Create(http.BaseAddress!, 1);
                    Volatile.Write(ref token, await BenchClient.SignInAsync(fresh));
                    signedIn = clock.Elapsed;
                }
            }
        });
        var errors = await ReadAllAsync(http, ids, concurrency, _ => Interlocked.Increment(ref touched));
        await done.CancelAsync();
        await sampler;
        await SampleAsync();

        var readFor = clock.Elapsed;
        var peak = samples.MaxBy(s => s.HeapBytes)!;
        var peakGrains = samples.Max(s => s.CustomerGrains);

        // What stays once every grain has gone idle and left: the heap should be back near where it started, and any
        // difference is memory held per customer ever read rather than per grain active.
        var settleBy = clock.Elapsed + SettleTimeout;
        while (samples[^1].CustomerGrains > 0 && clock.Elapsed < settleBy)
        {
            await Task.Delay(every);
            await SampleAsync();
        }

        var settled = samples[^1];
        Console.WriteLine();
        Console.WriteLine($"{ids.Length:N0} customers read once in {readFor.TotalSeconds:F0} s ({ids.Length / readFor.TotalSeconds:F0}/s), {errors:N0} failed.");
        Console.WriteLine($"Peak heap {peak.HeapBytes / Megabyte:F0} MB; at most {peakGrains:N0} customer grains active at once ({100.0 * peakGrains / Math.Max(1, ids.Length):F0}% of those read).");
        Console.WriteLine(settled.CustomerGrains == 0
            ? $"With every customer grain gone: heap {settled.HeapBytes / Megabyte:F0} MB against {samples[0].HeapBytes / Megabyte:F0} MB at the start, " +
              $"{(settled.HeapBytes - samples[0].HeapBytes) / (double)ids.Length:N0} bytes kept per customer read."
            : $"{settled.CustomerGrains:N0} customer grains were still active {SettleTimeout.TotalMinutes:F0} min after the last read.");
        return errors == 0 ? 0 : 1;
    }

    /// <summary>Reads each customer once; failures are counted, not thrown.</summary>
    private static async Task<int> ReadAllAsync(HttpClient http, Guid[] ids, int concurrency, Action<Guid> read)
    {
        var errors = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (id, _) =>
        {
            var error = await GetAsync(http, $"/api/v1/customers/{id}");
            if (error is not null && Interlocked.Increment(ref errors) <= 5)
            {
                Console.Error.WriteLine($"failed: {error}");
            }

            read(id);
        });
        return errors;
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Volatile.Read(ref token));
        return request;
    }

    /// <summary>One GET read to the end; the failure, if any (counted by the caller, never thrown).</summary>
    private static async Task<string?> GetAsync(HttpClient http, string url)
    {
        try
        {
            using var request = Authorized(HttpMethod.Get, url);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            return response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {url}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"{e.GetType().Name} {url}";
        }
    }

    private static async Task<MemoryFigures> CheckAsync(HttpClient http)
    {
        using var request = Authorized(HttpMethod.Post, "/ops/memory");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var activations = root.GetProperty("activations").EnumerateObject().ToList();
        return new MemoryFigures(
            root.GetProperty("heap_bytes").GetInt64(),
            root.GetProperty("working_set_bytes").GetInt64(),
            root.GetProperty("collection_milliseconds").GetDouble(),
            activations.Where(a => a.Name == CustomerGrainType || a.Name.StartsWith(CustomerGrainType + ",", StringComparison.Ordinal)).Sum(a => a.Value.GetInt32()),
            activations.Sum(a => a.Value.GetInt32()));
    }

    private static string Row(string label, MemoryFigures f) =>
        $"| {label} | {f.CustomerGrains:N0} | {f.AllActivations:N0} | {f.HeapBytes / Megabyte:F1} MB | {f.WorkingSetBytes / Megabyte:F1} MB |";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>Every customer id of the seeded workspace (16 bytes each: a million fit in 16 MB).</summary>
    private static async Task<Guid[]> AllCustomerIdsAsync(string connectionString)
    {
        var workspace = await DataSample.WorkspaceWithCustomersAsync(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var pin = new NpgsqlCommand("select set_config('crm.workspace_id', $1, false)", connection))
        {
            pin.Parameters.Add(new NpgsqlParameter { Value = workspace.ToString() });
            await pin.ExecuteScalarAsync();
        }

        var ids = new List<Guid>();
        await using var command = new NpgsqlCommand("select id from customers where workspace_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = workspace });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return [.. ids];
    }

    private sealed record MemoryFigures(long HeapBytes, long WorkingSetBytes, double CollectionMilliseconds, int CustomerGrains, int AllActivations);
}
