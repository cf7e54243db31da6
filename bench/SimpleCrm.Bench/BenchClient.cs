using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SimpleCrm.Bench;

/// <summary>HTTP plumbing shared by the benchmarks: signing in as the bench admin, and timing one GET.</summary>
public static class BenchClient
{
    public static HttpClient Create(Uri baseUrl, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    })
    {
        BaseAddress = baseUrl,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Signs in like any API client (./crm bench sets the bench database's admin in these variables); returns the token.</summary>
    public static async Task<string> SignInAsync(HttpClient http)
    {
        var email = Environment.GetEnvironmentVariable("CRM_ADMIN_EMAIL") ?? throw new InvalidOperationException("Set CRM_ADMIN_EMAIL and CRM_ADMIN_PASSWORD.");
        var password = Environment.GetEnvironmentVariable("CRM_ADMIN_PASSWORD");
        using var login = await http.PostAsync("/api/v1/auth/login", new StringContent(JsonSerializer.Serialize(new { email, password }), Encoding.UTF8, "application/json"));
        login.EnsureSuccessStatusCode();
        var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return token;
    }

    /// <summary>One GET, read to the end; its latency, and whether it succeeded (a failure is counted, never thrown).</summary>
    public static async Task<(double Milliseconds, string? Error)> TimeGetAsync(HttpClient http, string url)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead);
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            return response.IsSuccessStatusCode ? (ms, null) : (ms, $"{(int)response.StatusCode} {url}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (Stopwatch.GetElapsedTime(start).TotalMilliseconds, $"{e.GetType().Name} {url}");
        }
    }

    public static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>
/// Search terms as users type them: three letters from a random position of a name drawn from the whole workspace,
/// and one term in ten made of letters that almost never meet (a search that finds nothing must be fast too).
/// Seeded, so a run can be repeated; the seed is printed.
/// </summary>
public sealed class SearchTerms(string[] names, int seed)
{
    private const string Rare = "qxzj";
    private readonly Random random = new(seed);

    public string[] Draw(int count)
    {
        var terms = new string[count];
        for (var i = 0; i < count; i++)
        {
            if (random.Next(10) == 0 || names.Length == 0)
            {
                terms[i] = new string([Rare[random.Next(4)], Rare[random.Next(4)], Rare[random.Next(4)]]);
                continue;
            }

            var name = names[random.Next(names.Length)];
            terms[i] = name.Substring(random.Next(name.Length - 2), 3).ToLowerInvariant();
        }

        return terms;
    }
}
