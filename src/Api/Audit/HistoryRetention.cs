using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Audit;
using SimpleCrm.Data.Changes;
using SimpleCrm.Data.Workspaces;

namespace SimpleCrm.Api.Audit;

/// <summary>
/// Once a day, in every workspace: deletes audit rows older than Crm:Audit:RetentionDays (default 730), and outbox rows
/// older than Crm:Outbox:RetentionDays (default 30) that no consumer still owes (see <see cref="OutboxHistory"/>).
/// </summary>
public sealed class HistoryRetention(AuditLog audit, OutboxHistory outbox, WorkspaceDirectory workspaces, IConfiguration configuration, ILogger<HistoryRetention> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var auditDays = configuration.GetValue("Crm:Audit:RetentionDays", 730);
        var outboxDays = configuration.GetValue("Crm:Outbox:RetentionDays", 30);
        using var timer = new PeriodicTimer(TimeSpan.FromDays(1));
        try
        {
            do
            {
                foreach (var workspace in await ListAsync(stoppingToken))
                {
                    await PurgeAsync("audit", auditDays, workspace, ws => audit.PurgeAsync(ws, TimeSpan.FromDays(auditDays), stoppingToken));
                    await PurgeAsync("outbox", outboxDays, workspace, ws => outbox.PurgeAsync(ws, TimeSpan.FromDays(outboxDays), stoppingToken));
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private async Task<IReadOnlyList<Workspace>> ListAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await workspaces.ListAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Retention could not list the workspaces; it runs again tomorrow.");
            return [];
        }
    }

    /// <summary>One table of one workspace; a failure is logged and the others still run.</summary>
    private async Task PurgeAsync(string table, int days, Workspace workspace, Func<WorkspaceId, Task<int>> purge)
    {
        try
        {
            var deleted = await purge(workspace.WorkspaceId);
            if (deleted > 0)
            {
                logger.LogInformation("Retention removed {Count} {Table} rows older than {Days} days in {Workspace}", deleted, table, days, workspace.Slug);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Retention of {Table} rows failed in {Workspace}; it runs again tomorrow.", table, workspace.Slug);
        }
    }
}
