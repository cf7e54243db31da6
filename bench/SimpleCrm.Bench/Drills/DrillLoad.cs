using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SimpleCrm.Bench.Drills;

/// <summary>
/// A bounded write and read load for fault drills, as API clients that behave well would send it: every create
/// carries an Idempotency-Key, and after a 503, a 409 "in progress" or a timeout it is sent again with the same
/// key until it gets an answer. Records what the clients saw; <see cref="DrillReport"/> adds up lost and doubled
/// writes once the caller has looked in the database. Shared by the drill tests and `./crm drill`.
/// </summary>
public sealed class DrillLoad
{
    /// <summary>No request may take longer than this: one that does counts as hung.</summary>
    public static readonly TimeSpan RequestLimit = TimeSpan.FromSeconds(30);

    private readonly Uri baseAddress;
    private readonly AuthenticationHeaderValue authorization;
    private readonly ConcurrentDictionary<string, Guid> acknowledged = new();
    private readonly ConcurrentQueue<Outcome> outcomes = new();
    private readonly ConcurrentQueue<string> surprises = new();
    private readonly ConcurrentBag<Guid> readable = [];
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private int doubledAnswers;
    private int abandoned;

    public DrillLoad(Uri baseAddress, string accessToken, string runId)
    {
        this.baseAddress = baseAddress;
        authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        RunId = runId;
    }

    /// <summary>Marks every customer this load creates (their last name), so the database can be checked for it.</summary>
    public string RunId { get; }

    /// <summary>Seconds since the load was made; the fault's moment is told in the same clock.</summary>
    public double Now => clock.Elapsed.TotalSeconds;

    /// <summary>Idempotency-Key → id of every create that got a 2xx.</summary>
    public IReadOnlyDictionary<string, Guid> Acknowledged => acknowledged;

    /// <summary>
    /// Runs <paramref name="writers"/> creating and <paramref name="readers"/> reading clients until
    /// <paramref name="duration"/> has passed; each writer then finishes the create it is retrying (for up to
    /// <paramref name="retryBudget"/> per create).
    /// </summary>
    public async Task RunAsync(int writers, int readers, TimeSpan duration, TimeSpan retryBudget)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30), MaxConnectionsPerServer = writers + readers })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.Authorization = authorization;
        var end = clock.Elapsed + duration;
        var clients = Enumerable.Range(0, writers).Select(w => WriteAsync(http, w, end, retryBudget))
            .Concat(Enumerable.Range(0, readers).Select(r => ReadAsync(http, r, end)));
        await Task.WhenAll(clients);
    }

    /// <summary>The tally of what the clients saw, with the database's answer on lost and doubled writes.</summary>
    public DrillReport Report(double faultAt, int lost, int doubledRows) => DrillReport.From(outcomes.ToArray(), faultAt, acknowledged.Count, lost,
        doubledRows + doubledAnswers, abandoned, surprises.Take(10).ToList());

    private async Task WriteAsync(HttpClient http, int writer, TimeSpan end, TimeSpan retryBudget)
    {
        for (var n = 0; clock.Elapsed < end; n++)
        {
            var key = $"{RunId}-{writer}-{n}";
            var body = JsonSerializer.Serialize(new
            {
                first_name = "Drill",
                last_name = key,
                email = $"{key}@drill.example",
                country_code = "DE",
                currency = "EUR",
            });
            var started = clock.Elapsed;
            var retried = false;
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("Idempotency-Key", key);
                var (status, retryAfter, text) = await SendAsync(http, request, write: true);
                if (status is >= 200 and < 300)
                {
                    var id = JsonDocument.Parse(text!).RootElement.GetProperty("id").GetGuid();
                    if (acknowledged.TryGetValue(key, out var earlier) && earlier != id)
                    {
                        Interlocked.Increment(ref doubledAnswers);
                    }

                    acknowledged[key] = id;
                    readable.Add(id);
                    break;
                }

                if (status == 409 && retried && text?.Contains("email", StringComparison.OrdinalIgnoreCase) == true)
                {
                    // The retry ran the create again and met the first attempt's row: a client without the key
                    // would now have two customers (or a conflict it cannot explain).
                    Interlocked.Increment(ref doubledAnswers);
                    surprises.Enqueue($"retry of {key} ran again: {text}");
                    break;
                }

                var retryable = status is 503 or 0 || (status == 409 && retryAfter is not null);
                if (!retryable || clock.Elapsed - started > retryBudget)
                {
                    Interlocked.Increment(ref abandoned);
                    break;
                }

                retried = true;
                await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(retryAfter ?? 1, 0.2, 2)));
            }
        }
    }

    private async Task ReadAsync(HttpClient http, int reader, TimeSpan end)
    {
        var random = new Random(reader);
        while (clock.Elapsed < end)
        {
            var ids = readable.ToArray();
            var path = ids.Length > 0 && random.Next(3) > 0 ? $"/api/v1/customers/{ids[random.Next(ids.Length)]}" : "/api/v1/customers?limit=10";
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            var (status, retryAfter, _) = await SendAsync(http, request, write: false);
            if (status != 200)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(retryAfter ?? 0.5, 0.2, 1)));
            }
        }
    }

    private async Task<(int Status, double? RetryAfter, string? Body)> SendAsync(HttpClient http, HttpRequestMessage request, bool write)
    {
        var sent = clock.Elapsed;
        using var limit = new CancellationTokenSource(RequestLimit);
        int status;
        double? retryAfter = null;
        string? body = null;
        var kind = OutcomeKind.Other;
        try
        {
            using var response = await http.SendAsync(request, limit.Token);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsStringAsync(limit.Token);
            retryAfter = response.Headers.RetryAfter?.Delta?.TotalSeconds;
            kind = status switch
            {
                >= 200 and < 300 => OutcomeKind.Success,
                503 when retryAfter is not null && response.Content.Headers.ContentType?.MediaType == "application/problem+json" => OutcomeKind.Unavailable,
                409 when retryAfter is not null => OutcomeKind.InProgress,
                >= 500 => OutcomeKind.ServerError,
                _ => OutcomeKind.Other,
            };
            if (kind is OutcomeKind.ServerError or OutcomeKind.Other)
            {
                surprises.Enqueue($"{request.Method} {request.RequestUri} → {status} {(retryAfter is null ? "without" : "with")} Retry-After: {Shorten(body)}");
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            status = 0;
            kind = OutcomeKind.Hung;
            surprises.Enqueue($"{request.Method} {request.RequestUri} → no answer within {RequestLimit.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            // The node itself refused or dropped the connection: the client sees no answer and retries.
            status = 0;
            kind = OutcomeKind.NoAnswer;
            surprises.Enqueue($"{request.Method} {request.RequestUri} → {e.Message}");
        }

        outcomes.Enqueue(new Outcome(sent.TotalSeconds, clock.Elapsed.TotalSeconds, write, kind));
        return (status, retryAfter, body);
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length > 300 ? text[..300] + "…" : text;
}

public enum OutcomeKind
{
    Success,
    Unavailable,
    InProgress,
    ServerError,
    Hung,
    NoAnswer,
    Other,
}

/// <summary>One request: when it was sent and answered (seconds on the load's clock), and how it ended.</summary>
public sealed record Outcome(double Sent, double Answered, bool Write, OutcomeKind Kind);

/// <summary>What the clients saw during one drill.</summary>
public sealed record DrillReport(
    int Requests, int Success, int Unavailable, int InProgress, int ServerErrors, int Hung, int NoAnswer, int Other,
    int AcknowledgedWrites, int Lost, int Doubled, int Abandoned, double SlowestSeconds, double TimeToFullServiceSeconds, IReadOnlyList<string> Surprises)
{
    public static DrillReport From(IReadOnlyList<Outcome> outcomes, double faultAt, int acknowledged, int lost, int doubled, int abandoned, IReadOnlyList<string> surprises)
    {
        int Count(OutcomeKind kind) => outcomes.Count(o => o.Kind == kind);

        // Full service: from the fault until the last request that failed was sent; every request sent later succeeded.
        var lastFailure = outcomes.Where(o => o.Kind != OutcomeKind.Success && o.Answered >= faultAt).Select(o => o.Sent).DefaultIfEmpty(faultAt).Max();
        return new DrillReport(outcomes.Count, Count(OutcomeKind.Success), Count(OutcomeKind.Unavailable), Count(OutcomeKind.InProgress),
            Count(OutcomeKind.ServerError), Count(OutcomeKind.Hung), Count(OutcomeKind.NoAnswer), Count(OutcomeKind.Other),
            acknowledged, lost, doubled, abandoned, outcomes.Select(o => o.Answered - o.Sent).DefaultIfEmpty(0).Max(), Math.Max(0, lastFailure - faultAt), surprises);
    }

    public override string ToString() =>
        $"requests {Requests}: 2xx {Success}, 503 {Unavailable}, 409 in progress {InProgress}, 5xx other {ServerErrors}, hung {Hung}, no answer {NoAnswer}, other {Other}; "
        + $"acknowledged creates {AcknowledgedWrites}, lost {Lost}, doubled {Doubled}, given up {Abandoned}; slowest answer {SlowestSeconds:0.0} s; "
        + $"time to full service {TimeToFullServiceSeconds:0.0} s"
        + (Surprises.Count > 0 ? Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", Surprises) : "");
}
