using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Orders;
using SimpleCrm.Data.Fx;
using SimpleCrm.Data.Orders;
using SimpleCrm.Data.Workspaces;

namespace SimpleCrm.Api.Fx;

/// <summary>
/// Gives orders whose USD value is pending (no rate for their currency when they were placed) their USD value as soon
/// as a rate exists: at start-up, whenever rates are written anywhere (<see cref="FxRatesChanged"/>, raised by the
/// process's listener on a refresh or an operator's <c>fx import</c>, and after it reconnects), and once an hour. Each order is
/// restated by its own grain, so the change is audited, lands on the customer's timeline and the customer's metrics
/// include the order from then on. Orders still without a rate stay pending; running this twice is harmless.
/// </summary>
public sealed class PendingUsdRestater(
    FxRatesChanged ratesChanged, WorkspaceDirectory workspaces, OrderQueries orders, IGrainFactory grains, ILogger<PendingUsdRestater> logger)
    : BackgroundService
{
    private static readonly TimeSpan Sweep = TimeSpan.FromHours(1);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    /// <summary>Restates every pending order of every workspace that now has a rate; returns how many got a USD value.</summary>
    public async Task<int> RestatePendingAsync(CancellationToken cancellationToken = default)
    {
        var context = ChangeContext.System("fx-rates");
        var restated = 0;
        foreach (var workspace in await workspaces.ListAsync(cancellationToken))
        {
            foreach (var id in await orders.PendingUsdIdsAsync(workspace.WorkspaceId, currencies: null, cancellationToken))
            {
                var result = await grains.GetOrder(workspace.WorkspaceId, id).RestateUsdAsync(context);
                if (result.IsOk && !result.Value!.UsdPending)
                {
                    restated++;
                }
            }
        }

        if (restated > 0)
        {
            logger.LogInformation("Restated {Count} orders whose USD value was pending", restated);
        }

        return restated;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (the silo must answer grain calls) before the first sweep.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RestatePendingAsync(stoppingToken);
                await ratesChanged.WaitAsync(Sweep, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Restating orders with a pending USD value failed; trying again in {Delay}", RetryAfterFailure);
                await Task.Delay(RetryAfterFailure, stoppingToken);
            }
        }
    }
}
