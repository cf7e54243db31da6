using SimpleCrm.Api.Workspaces;
using SimpleCrm.Data.Customers;
using SimpleCrm.Data.Lists;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Api.Demo;

/// <summary>
/// With CRM_DEMO=1 (./crm up --demo), fills an empty default workspace with demo customers once the CRM is up.
/// They go through the customer grains like any other create, so audit and outbox rows exist too.
/// </summary>
public sealed class DemoDataLoader(IGrainFactory grains, CustomerQueries queries, DefaultWorkspace workspace, IHostApplicationLifetime lifetime, ILogger<DemoDataLoader> logger)
    : BackgroundService
{
    public const int Count = 120;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);

        if ((await queries.ListAsync(workspace.Id, new CustomerFilter(), CustomerQueries.DefaultSort, new PageRequest(1, null, 0, false), stoppingToken)).Items.Count > 0)
        {
            logger.LogInformation("Demo data skipped: the workspace already has customers");
            return;
        }

        var created = 0;
        foreach (var profile in DemoCustomers.Generate(Count))
        {
            var result = await grains.GetCustomer(workspace.Id, Guid.CreateVersion7()).CreateAsync(profile, ChangeContext.System("demo"));
            created += result.IsOk ? 1 : 0;
            if (!result.IsOk)
            {
                logger.LogWarning("Demo customer refused: {Errors}", string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
            }
        }

        logger.LogInformation("Loaded {Count} demo customers", created);
    }
}
