using SimpleCrm.Data.Audit;
using SimpleCrm.Data.Workspaces;

namespace SimpleCrm.Api.Audit;

/// <summary>Once a day, deletes audit rows older than Crm:Audit:RetentionDays (default 730) in every workspace.</summary>
public sealed class AuditRetention(AuditLog audit, WorkspaceDirectory workspaces, IConfiguration configuration, ILogger<AuditRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var days = configuration.GetValue("Crm:Audit:RetentionDays", 730);
        using var timer = new PeriodicTimer(TimeSpan.FromDays(1));
        try
        {
            do
            {
            try
            {
                foreach (var workspace in await workspaces.ListAsync(stoppingToken))
                {
                    var deleted = await audit.PurgeAsync(workspace.WorkspaceId, TimeSpan.FromDays(days), stoppingToken);
                    if (deleted > 0)
                    {
                        logger.LogInformation("Audit retention removed {Count} rows older than {Days} days in {Workspace}", deleted, days, workspace.Slug);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Audit retention failed; it runs again tomorrow.");
            }
        }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
