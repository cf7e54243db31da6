using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace SimpleCrm.Api.Commerce.Sync;

public sealed class ShopifyOptions
{
    /// <summary>Where a shop's Admin API is: "{shop}" is the myshopify.com domain. Tests point it at a fake.</summary>
    public string BaseAddress { get; set; } = "https://{shop}";

    public string ApiVersion { get; set; } = "2026-04";

    /// <summary>The public app's credentials, for the OAuth install.</summary>
    public string? ApiKey { get; set; }

    public string? ApiSecret { get; set; }

    /// <summary>How often a running bulk operation is asked for its status.</summary>
    public double BulkPollSeconds { get; set; } = 2;

    /// <summary>Records per checkpoint (one transaction that also puts them in the inbox).</summary>
    public int PageSize { get; set; } = 250;

    public Uri ShopAddress(string shop) => new(BaseAddress.Replace("{shop}", shop, StringComparison.Ordinal).TrimEnd('/') + "/");
}

/// <summary>The shop refused or failed a request, or answered something unusable; the sync fails with this message.</summary>
public sealed class ShopApiException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Shopify's GraphQL Admin API on HttpClient (retries and timeouts from the resilience handler). Requests are paced by
/// the cost points each answer reports: when the bucket would not hold the next query, it waits for the restore rate
/// to refill it; an answer THROTTLED anyway waits the same way and asks again.
/// </summary>
public sealed class ShopifyAdminClient(HttpClient http, IOptions<ShopifyOptions> options, ILogger<ShopifyAdminClient> logger)
{
    private const int MaxThrottledRetries = 20;

    private static readonly ConcurrentDictionary<string, Bucket> Buckets = new();

    private sealed record Bucket(double Available, double Maximum, double RestoreRate, DateTimeOffset At)
    {
        public double AvailableNow => Math.Min(Maximum, Available + (RestoreRate * (DateTimeOffset.UtcNow - At).TotalSeconds));
    }

    /// <returns>The answer's data.</returns>
    public async Task<JsonElement> QueryAsync(string shop, string accessToken, string query, object? variables, double expectedCost, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await PaceAsync(shop, expectedCost, cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Value.ShopAddress(shop), $"admin/api/{options.Value.ApiVersion}/graphql.json"))
            {
                Content = JsonContent.Create(new { query, variables }),
            };
            request.Headers.Add("X-Shopify-Access-Token", accessToken);
            JsonElement answer;
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw new ShopApiException($"The shop answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
                }

                answer = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).Clone();
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new ShopApiException($"The shop could not be reached: {e.Message}", e);
            }

            var cost = answer.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("cost", out var c) ? c : (JsonElement?)null;
            Remember(shop, cost);
            if (answer.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                if (errors.EnumerateArray().Any(IsThrottled) && attempt < MaxThrottledRetries)
                {
                    var requested = cost?.TryGetProperty("requestedQueryCost", out var r) == true ? r.GetDouble() : expectedCost;
                    if (Buckets.TryGetValue(shop, out var bucket) && requested > bucket.Maximum)
                    {
                        // Waiting would never help: the bucket never holds that many points.
                        throw new ShopApiException($"Shopify: a query costs {requested} points, more than the shop's bucket of {bucket.Maximum} ever holds.");
                    }

                    logger.LogDebug("Shopify throttled {Shop}; waiting for {Cost} points", shop, requested);
                    await PaceAsync(shop, requested, cancellationToken);
                    continue;
                }

                throw new ShopApiException("Shopify: " + string.Join("; ", errors.EnumerateArray().Select(e => e.TryGetProperty("message", out var m) ? m.GetString() : e.ToString())));
            }

            return answer.GetProperty("data");
        }
    }

    /// <summary>A bulk operation's JSONL result, line by line.</summary>
    public async IAsyncEnumerable<string> ReadLinesAsync(string url, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Stream stream;
        try
        {
            stream = await http.GetStreamAsync(url, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ShopApiException($"The bulk operation's result could not be downloaded: {e.Message}", e);
        }

        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }

    /// <summary>Exchanges an OAuth install's code for the shop's offline access token.</summary>
    public async Task<string> ExchangeCodeAsync(string shop, string code, CancellationToken cancellationToken)
    {
        var o = options.Value;
        try
        {
            using var response = await http.PostAsJsonAsync(new Uri(o.ShopAddress(shop), "admin/oauth/access_token"),
                new { client_id = o.ApiKey, client_secret = o.ApiSecret, code }, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new ShopApiException($"The shop refused the install code (HTTP {(int)response.StatusCode}).");
            }

            var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            return body?["access_token"]?.GetValue<string>() is { Length: > 0 } token ? token : throw new ShopApiException("The shop's answer has no access_token.");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ShopApiException($"The shop could not be reached: {e.Message}", e);
        }
    }

    private static bool IsThrottled(JsonElement error) =>
        error.TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var code) && code.GetString() == "THROTTLED";

    private static void Remember(string shop, JsonElement? cost)
    {
        if (cost is { } c && c.TryGetProperty("throttleStatus", out var t)
            && t.TryGetProperty("currentlyAvailable", out var available) && t.TryGetProperty("restoreRate", out var rate) && t.TryGetProperty("maximumAvailable", out var max))
        {
            Buckets[shop] = new Bucket(available.GetDouble(), max.GetDouble(), Math.Max(1, rate.GetDouble()), DateTimeOffset.UtcNow);
        }
    }

    private static async Task PaceAsync(string shop, double cost, CancellationToken cancellationToken)
    {
        if (Buckets.TryGetValue(shop, out var bucket) && bucket.AvailableNow < cost)
        {
            var wait = TimeSpan.FromSeconds(Math.Min(60, (cost - bucket.AvailableNow) / bucket.RestoreRate));
            await Task.Delay(wait, cancellationToken);
        }
    }
}
