using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Operations;

/// <summary>
/// A co-hosted node whose every log entry (Information and up, with exceptions and scopes) and every finished span
/// is kept in memory, so tests can read what an operator's log collector and trace backend would receive.
/// </summary>
public sealed class ObservedNodeFixture : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    public ApiNode Node { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    public ConcurrentQueue<Activity> Spans { get; } = new();

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var spans = new SpanList(Spans);
        Node = await ApiNode.StartAsync(Database.ConnectionString,
            extra: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information", ["Crm:Operations:SampleSeconds"] = "0.2" },
            configure: builder =>
            {
                builder.Logging.AddProvider(Logs);
                builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
            });
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>The in-memory exporter wants an ICollection; this one appends to a thread-safe queue.</summary>
    private sealed class SpanList(ConcurrentQueue<Activity> spans) : List<Activity>, ICollection<Activity>
    {
        void ICollection<Activity>.Add(Activity item) => spans.Enqueue(item);
    }
}

/// <summary>Every log entry as the text a sink would store: category, message, exception and scopes.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> entries = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Entries => entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new System.Text.StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> fields)
            {
                foreach (var (key, value) in fields)
                {
                    text.Append(' ').Append(key).Append('=').Append(value);
                }
            }

            owner.scopes.ForEachScope((scope, sb) => sb.Append(" scope=").Append(scope), text);
            if (exception is not null)
            {
                text.Append(' ').Append(exception);
            }

            owner.entries.Enqueue(text.ToString());
        }
    }
}
