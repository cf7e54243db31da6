using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace SimpleCrm.Tests.Activities;

/// <summary>
/// A signed-in SignalR client of /hubs/crm that records every event it receives, with the time it arrived. Waiting
/// for an event does not consume anything, so several waits may run at once.
/// </summary>
public sealed class LiveEvents : IAsyncDisposable
{
    public static readonly string[] Events = ["CustomerChanged", "TimelineEntry", "ActivityChanged", "Notification", "Presence", "SegmentCountChanged"];

    private readonly Lock gate = new();
    private readonly List<(string Event, JsonElement Payload, long Timestamp)> received = [];
    private TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int drained;

    private LiveEvents(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    public static async Task<LiveEvents> ConnectAsync(Uri node, string accessToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(node, "/hubs/crm"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken))
            .Build();
        var live = new LiveEvents(connection);
        foreach (var name in Events)
        {
            connection.On<JsonElement>(name, payload => live.Record(name, payload));
        }

        await connection.StartAsync();
        // StartAsync returns at the handshake, before the server has run OnConnectedAsync (joining groups, subscribing
        // its relay to the workspace's streams); it dispatches invocations only after that, so one round trip means
        // the connection is fully set up and an event raised from now on reaches it.
        await connection.InvokeAsync("UnsubscribeCustomer", Guid.Empty);
        return live;
    }

    /// <summary>
    /// The first event of this name matching <paramref name="match"/> (received already or yet to come; if
    /// <paramref name="after"/> is given, only one that arrived after that Stopwatch timestamp), and when it arrived.
    /// </summary>
    public async Task<(JsonElement Payload, long Timestamp)> FirstAsync(string eventName, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null, long after = 0)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(10)).TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            Task next;
            lock (gate)
            {
                foreach (var (name, payload, timestamp) in received)
                {
                    if (timestamp > after && name == eventName && (match is null || match(payload)))
                    {
                        return (payload, timestamp);
                    }
                }

                next = arrived.Task;
            }

            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No {eventName} event arrived in time.");
            }

            await Task.WhenAny(next, Task.Delay(left));
        }
    }

    /// <summary>Everything received since the previous drain.</summary>
    public List<(string Event, JsonElement Payload)> Drain()
    {
        lock (gate)
        {
            var items = received.Skip(drained).Select(r => (r.Event, r.Payload)).ToList();
            drained = received.Count;
            return items;
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    private void Record(string name, JsonElement payload)
    {
        TaskCompletionSource signal;
        lock (gate)
        {
            received.Add((name, payload, Stopwatch.GetTimestamp()));
            signal = arrived;
            arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
    }
}
