using System.Buffers;
using System.Collections.Concurrent;
using MimeKit;
using SimpleCrm.Tests.Infrastructure;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SimpleCrm.Tests.Templates;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer package) that keeps what it receives; it can refuse the first
/// messages, like a provider outage. It advertises SIZE, as real servers do, and counts the DATA commands it began.
/// </summary>
public sealed class SmtpSink : MessageStore, IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;
    private int refusalsLeft;

    public SmtpSink()
    {
        Port = Ports.Free();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").MaxMessageSize(10_000_000)
            .Endpoint(e => e.Port(Port).Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(this);
        var server = new SmtpServer.SmtpServer(options, services);
        server.SessionCreated += (_, session) => session.Context.CommandExecuting += (_, command) =>
        {
            if (command.Command is DataCommand)
            {
                Interlocked.Increment(ref dataCommands);
            }
        };
        running = server.StartAsync(stop.Token);
    }

    public int Port { get; }

    /// <summary>DATA commands the server began: once begun, it is reading a message it keeps only if the end line arrives.</summary>
    public int DataCommands => Volatile.Read(ref dataCommands);

    private int dataCommands;

    public ConcurrentQueue<MimeMessage> Received { get; } = new();

    public int Refused => refused;

    private int refused;

    /// <summary>Refuses the next <paramref name="count"/> messages with a temporary failure.</summary>
    public void RefuseNext(int count) => Interlocked.Exchange(ref refusalsLeft, count);

    public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref refusalsLeft) >= 0)
        {
            Interlocked.Increment(ref refused);
            return Task.FromResult(new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "try again later"));
        }

        using var stream = new MemoryStream(buffer.ToArray());
        Received.Enqueue(MimeMessage.Load(stream));
        return Task.FromResult(SmtpResponse.Ok);
    }

    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (Received.FirstOrDefault(match) is { } message)
            {
                return message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The SMTP sink received no such message.");
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

/// <summary>An API node whose customer email goes to an in-process SMTP sink, polled often so tests see delivery quickly.</summary>
public sealed class EmailFixture : ApiFixture
{
    public EmailFixture()
        : this(new SmtpSink())
    {
    }

    private EmailFixture(SmtpSink sink)
        : base(new Dictionary<string, string?>
        {
            ["Crm:Mail:Smtp:Host"] = "127.0.0.1",
            ["Crm:Mail:Smtp:Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Crm:Mail:Smtp:UseTls"] = "false",
            ["Crm:Mail:PollInterval"] = "00:00:00.100",
            ["Crm:Mail:MaxPerSecond"] = "1000",
            ["Crm:Mail:SendGrid:EventPublicKey"] = Convert.ToBase64String(EventSigningKey.ExportSubjectPublicKeyInfo()),
        })
    {
        Sink = sink;
    }

    public SmtpSink Sink { get; }

    /// <summary>Stands in for SendGrid's Event Webhook key: its public half is configured, the tests sign with it.</summary>
    public static System.Security.Cryptography.ECDsa EventSigningKey { get; } = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
}
