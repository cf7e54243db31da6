using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Webhooks;

/// <summary>One request as the receiver got it: the headers it cares about and the exact body bytes as text.</summary>
public sealed record ReceivedWebhook(string? Delivery, string? Event, string? Timestamp, string? Signature, string Body, int AnsweredWith);

/// <summary>
/// A real HTTP receiver on a loopback port (Kestrel), answering each request with what <c>answer</c> says for
/// its number (1, 2, …); an answer of 0 holds the request open until the sender gives up or the receiver is disposed.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private readonly CancellationTokenSource closing = new();
    private int count;
    private int holding;

    private LoopbackServer server = null!;

    public Uri Url => new(server.Address, "/hook");

    public IReadOnlyList<ReceivedWebhook> Received => received.ToList();

    /// <summary>Requests that arrived, including those held open.</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>Requests being held open right now.</summary>
    public int Holding => Volatile.Read(ref holding);

    public static async Task<WebhookReceiver> StartAsync(Func<int, int> answer)
    {
        var receiver = new WebhookReceiver();
        receiver.server = await LoopbackServer.StartAsync(app => app.MapPost("/hook", async (HttpContext http) =>
        {
            var number = Interlocked.Increment(ref receiver.count);
            var status = answer(number);
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (status == 0)
            {
                // Held until the sender gives up on it (its timeout) or the receiver closes.
                Interlocked.Increment(ref receiver.holding);
                try
                {
                    using var either = CancellationTokenSource.CreateLinkedTokenSource(receiver.closing.Token, http.RequestAborted);
                    await Task.Delay(Timeout.Infinite, either.Token);
                }
                catch (OperationCanceledException)
                {
                }
                finally
                {
                    Interlocked.Decrement(ref receiver.holding);
                }

                return Results.StatusCode(503);
            }

            var headers = http.Request.Headers;
            receiver.received.Enqueue(new ReceivedWebhook(headers["X-SimpleCrm-Delivery"], headers["X-SimpleCrm-Event"],
                headers["X-SimpleCrm-Timestamp"], headers["X-SimpleCrm-Signature"], body, status));
            return Results.StatusCode(status);
        }));
        return receiver;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, up to 30 s.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still waiting for {what}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await closing.CancelAsync();
        await server.DisposeAsync();
        closing.Dispose();
    }
}
