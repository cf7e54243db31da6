using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SimpleCrm.Bench.Bulk;

/// <summary>
/// A local SMTP server (the SmtpServer package) that accepts every message and counts it per recipient (the envelope's
/// RCPT TO) and per Message-ID, so a benchmark can tell mail sent twice from mail never sent. It lives in the benchmark's
/// process, not the CRM's: killing the CRM leaves the counts intact.
/// </summary>
public sealed class SmtpCountingSink : MessageStore, IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;
    private readonly ConcurrentDictionary<string, int> perRecipient = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> perMessageId = new(StringComparer.Ordinal);
    private long received;
    private long firstTicks;
    private long lastTicks;

    public SmtpCountingSink(int port)
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(this);
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
    }

    /// <summary>Messages received, doubles included.</summary>
    public long Received => Interlocked.Read(ref received);

    /// <summary>When the first and the latest message arrived (Stopwatch timestamps; 0 before the first).</summary>
    public (long First, long Last) ArrivalSpan => (Interlocked.Read(ref firstTicks), Interlocked.Read(ref lastTicks));

    public IReadOnlyDictionary<string, int> PerRecipient => perRecipient;

    public IReadOnlyDictionary<string, int> PerMessageId => perMessageId;

    public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        // Only the headers are needed: the Message-ID tells a resent message from a second, different one.
        using var stream = new MemoryStream(buffer.ToArray());
        var headers = HeaderList.Load(stream);
        var messageId = headers[HeaderId.MessageId] ?? "";
        perMessageId.AddOrUpdate(messageId.Trim(), 1, (_, n) => n + 1);
        foreach (var to in transaction.To)
        {
            perRecipient.AddOrUpdate($"{to.User}@{to.Host}", 1, (_, n) => n + 1);
        }

        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref firstTicks, now, 0);
        Interlocked.Exchange(ref lastTicks, now);
        Interlocked.Increment(ref received);
        return Task.FromResult(SmtpResponse.Ok);
    }

    /// <summary>Writes "address<TAB>count" per recipient, for a look after the run.</summary>
    public async Task WriteCountsAsync(string path)
    {
        await using var writer = new StreamWriter(path);
        foreach (var (address, count) in perRecipient.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{address}\t{count}"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }
}
