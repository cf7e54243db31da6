using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace SimpleCrm.Bench.Drills;

/// <summary>
/// A browser's customer page, in .NET: the same hub connection (automatic reconnect with the default delays, and a
/// fresh start 2 s after the connection gives up) and the same timeline protocol as the web app. On every (re)connect
/// it subscribes to the customer, then catches up: it pages back through GET /customers/{id}/timeline, newest first,
/// until it is <see cref="LateCommit"/> behind the newest entry it already had. Entries are merged by id, so each is shown once. Shared by the hub-kill
/// drill test and `./crm drill hub-kill`.
/// </summary>
public sealed class TimelineWatcher : IAsyncDisposable
{
    /// <summary>The web's page size for the timeline.</summary>
    public const int PageSize = 25;

    /// <summary>How far back a catch-up pages at most (the web's limit).</summary>
    public const int MaxCatchUpPages = 20;

    private readonly Lock gate = new();
    private readonly Dictionary<long, Entry> entries = [];
    private readonly List<long> pushTimestamps = [];
    private readonly HubConnection connection;
    private readonly HttpClient http;
    private readonly Guid customer;
    private readonly CancellationTokenSource stopping = new();

    private TimelineWatcher(Uri site, string accessToken, Guid customer, HttpMessageHandler? handler)
    {
        this.customer = customer;
        http = new HttpClient(handler ?? new SocketsHttpHandler()) { BaseAddress = site };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        connection = new HubConnectionBuilder()
            .WithUrl(new Uri(site, "/hubs/crm"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken))
            .WithAutomaticReconnect()
            .Build();
        connection.On<JsonElement>("TimelineEntry", OnPushed);
        connection.Reconnecting += _ =>
        {
            LostAt ??= Stopwatch.GetTimestamp();
            return Task.CompletedTask;
        };
        connection.Reconnected += _ =>
        {
            Reconnects++;
            ReconnectedAt ??= Stopwatch.GetTimestamp();
            return SubscribeAndCatchUpAsync();
        };
        connection.Reconnecting += _ =>
        {
            RememberShownBeforeOutage();
            return Task.CompletedTask;
        };
        connection.Closed += _ =>
        {
            RememberShownBeforeOutage();
            return RestartAsync();
        };
    }

    /// <summary>
    /// What the page showed when the connection dropped: the catch-up pages back to it. Entries pushed after the
    /// reconnect but before the catch-up are newer than the gap, so they cannot mark where it ends.
    /// </summary>
    private HashSet<long>? shownBeforeOutage;

    private void RememberShownBeforeOutage()
    {
        lock (gate)
        {
            shownBeforeOutage ??= [.. entries.Keys];
        }
    }

    /// <summary>One entry as the page shows it, and how it got there.</summary>
    public sealed record Entry(long Id, DateTimeOffset OccurredAt, string Kind, Guid? EntityId, bool Pushed);

    public int Reconnects { get; private set; }

    /// <summary>When the connection was first up again after a loss (Stopwatch timestamp).</summary>
    public long? ReconnectedAt { get; private set; }

    /// <summary>When the connection was first lost (Stopwatch timestamp).</summary>
    public long? LostAt { get; private set; }

    /// <summary>Entries a catch-up found that no push had brought.</summary>
    public int CaughtUp { get; private set; }

    /// <summary>Pushes of an entry the page already showed (merged by id, so shown once).</summary>
    public int PushedAgain { get; private set; }

    /// <param name="handler">How the page's fetches are sent (e.g. checked against the API's contract); a plain handler if null.</param>
    public static async Task<TimelineWatcher> OpenAsync(Uri site, string accessToken, Guid customer, HttpMessageHandler? handler = null)
    {
        var watcher = new TimelineWatcher(site, accessToken, customer, handler);
        await watcher.connection.StartAsync();
        await watcher.SubscribeAndCatchUpAsync();
        return watcher;
    }

    /// <summary>The timeline as shown: newest first by (occurred_at, id), as the API orders it.</summary>
    public List<Entry> Shown()
    {
        lock (gate)
        {
            return entries.Values.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).ToList();
        }
    }

    /// <summary>When each push arrived (Stopwatch timestamps), in arrival order.</summary>
    public List<long> PushTimestamps()
    {
        lock (gate)
        {
            return [.. pushTimestamps];
        }
    }

    private void OnPushed(JsonElement payload)
    {
        if (payload.GetProperty("customer_id").GetGuid() != customer)
        {
            return;
        }

        lock (gate)
        {
            pushTimestamps.Add(Stopwatch.GetTimestamp());
            if (!entries.TryAdd(payload.GetProperty("id").GetInt64(), Of(payload, pushed: true)))
            {
                PushedAgain++;
            }
        }
    }

    /// <summary>
    /// How far behind the newest entry shown a catch-up still looks (the web's LATE_COMMIT_MS): an entry's time is when
    /// its write began and writes commit in any order, so one that began earlier can arrive after a newer entry was
    /// shown, and if its push was lost with the connection only the catch-up finds it.
    /// </summary>
    public static readonly TimeSpan LateCommit = TimeSpan.FromSeconds(10);

    private async Task SubscribeAndCatchUpAsync()
    {
        await connection.InvokeAsync("SubscribeCustomer", customer, stopping.Token);
        HashSet<long> known;
        DateTimeOffset? horizon;
        lock (gate)
        {
            known = shownBeforeOutage ?? [.. entries.Keys];
            horizon = known.Count == 0 ? null : known.Max(id => entries[id].OccurredAt) - LateCommit;
        }

        string? before = null;
        for (var page = 0; page < MaxCatchUpPages; page++)
        {
            var url = $"/api/v1/customers/{customer}/timeline?limit={PageSize}" + (before is null ? "" : $"&before={Uri.EscapeDataString(before)}");
            var body = await GetAsync(url);
            var items = body.GetProperty("items").EnumerateArray().ToList();
            var reachedKnown = false; // reached the horizon
            lock (gate)
            {
                foreach (var item in items)
                {
                    var id = item.GetProperty("id").GetInt64();
                    var entry = Of(item, pushed: false);
                    reachedKnown |= entry.OccurredAt < horizon;
                    if (entries.TryAdd(id, entry))
                    {
                        CaughtUp++;
                    }
                }
            }

            // Nothing was known (the first load): one page, as the web shows it; otherwise back past the newest entry
            // known by LateCommit.
            if (known.Count == 0 || reachedKnown || body.GetProperty("next_cursor").GetString() is not { } next)
            {
                lock (gate)
                {
                    shownBeforeOutage = null;
                }

                return;
            }

            before = next;
        }
    }

    /// <summary>A browser's fetch: a pooled connection to a node that died fails once; the next attempt opens a new one.</summary>
    private async Task<JsonElement> GetAsync(string url)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(url, stopping.Token);
                response.EnsureSuccessStatusCode();
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync(stopping.Token)).RootElement;
            }
            catch (HttpRequestException) when (attempt < 3)
            {
                await Task.Delay(200, stopping.Token);
            }
        }
    }

    /// <summary>The web's fallback when the automatic reconnect gave up: start again after 2 s, until it works.</summary>
    private async Task RestartAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), stopping.Token);
                await connection.StartAsync(stopping.Token);
                Reconnects++;
                ReconnectedAt ??= Stopwatch.GetTimestamp();
                await SubscribeAndCatchUpAsync();
                return;
            }
            catch (Exception) when (!stopping.IsCancellationRequested)
            {
                // Try again.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static Entry Of(JsonElement item, bool pushed) => new(
        item.GetProperty("id").GetInt64(),
        item.GetProperty("occurred_at").GetDateTimeOffset(),
        item.GetProperty("kind").GetString()!,
        item.TryGetProperty("entity_id", out var entity) && entity.ValueKind == JsonValueKind.String ? entity.GetGuid() : null,
        pushed);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await connection.DisposeAsync();
        http.Dispose();
        stopping.Dispose();
    }
}
