using System.Diagnostics.Metrics;
using Dapper;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Silo.Hosting;

namespace SimpleCrm.Api.Operations;

/// <summary>Queue depths and ages at the last sample.</summary>
public sealed record BacklogSnapshot(long InboxDepth, double InboxLagSeconds, long OutboxDepth, double OutboxAgeSeconds);

/// <summary>
/// Samples the commerce webhook inbox and the outbox every few seconds, so a scrape reads a cached figure instead
/// of counting tables. Both counts walk partial indexes of pending rows only, so they stay cheap on huge tables.
/// The outbox has row-level security, so it is counted one workspace with pending work at a time.
/// </summary>
public sealed class BacklogSampler(CrmDatabase database, IConfiguration configuration, ILogger<BacklogSampler> logger) : BackgroundService
{
    private volatile BacklogSnapshot latest = new(0, 0, 0, 0);

    public BacklogSnapshot Latest => latest;

    public static void Register(Meter meter, Func<BacklogSnapshot> snapshot, HubConnectionCounter hubConnections)
    {
        meter.CreateObservableGauge("crm.commerce.inbox.depth", () => snapshot().InboxDepth, "{event}", "Shop webhooks received and not yet applied.");
        meter.CreateObservableGauge("crm.commerce.inbox.lag", () => snapshot().InboxLagSeconds, "s", "Age of the oldest shop webhook not yet applied.");
        meter.CreateObservableGauge("crm.outbox.depth", () => snapshot().OutboxDepth, "{event}", "Side effects written and not yet dispatched.");
        meter.CreateObservableGauge("crm.outbox.age", () => snapshot().OutboxAgeSeconds, "s", "Age of the oldest side effect not yet dispatched.");
        meter.CreateObservableGauge("crm.hub.connections", () => hubConnections.Connected, "{connection}", "Live-push clients connected to this node.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(configuration.GetValue("Crm:Operations:SampleSeconds", 5.0));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                latest = await SampleAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Sampling the inbox and outbox backlog failed; the gauges keep their last values.");
            }

            try
            {
                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task<BacklogSnapshot> SampleAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        var inbox = await connection.QuerySingleAsync<(long Depth, double Lag)>(new CommandDefinition("""
            select count(*), coalesce(extract(epoch from now() - min(received_at)), 0)::float8
            from commerce_inbox where status = 'pending'
            """, cancellationToken: cancellationToken));

        long outboxDepth = 0;
        double outboxAge = 0;
        var workspaces = await connection.QueryAsync<Guid>(new CommandDefinition("select id from workspaces", cancellationToken: cancellationToken));
        foreach (var workspace in workspaces)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition("select set_config('crm.workspace_id', @workspace::text, true)",
                new { workspace }, transaction, cancellationToken: cancellationToken));
            // Owed to a consumer: webhook deliveries not yet made and account mail not yet sent. Every change writes
            // an outbox row, and most have no consumer (no subscription for the topic); those are history, not backlog.
            var outbox = await connection.QuerySingleAsync<(long Depth, double Age)>(new CommandDefinition("""
                select count(*), coalesce(extract(epoch from now() - min(occurred_at)), 0)::float8
                from outbox
                where workspace_id = @workspace
                  and (webhook_pending or (topic = 'mail.account' and processed_at is null and next_attempt_at is not null))
                """, new { workspace }, transaction, cancellationToken: cancellationToken));
            await transaction.RollbackAsync(cancellationToken);
            outboxDepth += outbox.Depth;
            outboxAge = Math.Max(outboxAge, outbox.Age);
        }

        return new BacklogSnapshot(inbox.Depth, inbox.Lag, outboxDepth, outboxAge);
    }
}
