using Microsoft.Extensions.Options;
using SimpleCrm.Data.Idempotency;
using SimpleCrm.Data.Workspaces;

namespace SimpleCrm.Api.Idempotency;

/// <summary>Removes expired Idempotency-Key records, workspace by workspace (the table is under row-level security).</summary>
public sealed class IdempotencyPurge(IdempotencyStore store, WorkspaceDirectory workspaces, IOptionsMonitor<IdempotencyOptions> options, ILogger<IdempotencyPurge> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            do
            {
                try
                {
                    foreach (var workspace in await workspaces.ListAsync(stoppingToken))
                    {
                        await store.PurgeExpiredAsync(workspace.WorkspaceId, stoppingToken);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Removing expired Idempotency-Keys failed; it runs again at the next interval.");
                }

                await Task.Delay(TimeSpan.FromMinutes(Math.Max(1, options.CurrentValue.PurgeIntervalMinutes)), stoppingToken);
            }
            while (!stoppingToken.IsCancellationRequested);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
