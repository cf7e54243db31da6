using Npgsql;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Orders;
using SimpleCrm.Data.Fx;
using SimpleCrm.Data.Orders;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Data.Workspaces;

namespace SimpleCrm.Api.Fx;

/// <summary>
/// Gives orders whose USD value is pending (no rate for their currency when they were placed) their USD value as soon
/// as a rate exists: at start-up, whenever rates are written anywhere (<see cref="FxRates.ChangedChannel"/>, raised by
/// a refresh or an operator's <c>fx import</c>), and once an hour in case a notification was missed. Each order is
/// restated by its own grain, so the change is audited, lands on the customer's timeline and the customer's metrics
/// include the order from then on. Orders still without a rate stay pending; running this twice is harmless.
/// </summary>
public sealed class PendingUsdRestater(
    CrmDatabase database, WorkspaceDirectory workspaces, OrderQueries orders, IGrainFactory grains, ILogger<PendingUsdRestater> logger)
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
                await using var connection = await database.OpenSharedAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"listen {FxRates.ChangedChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Listening first, then sweeping: rates written in between are seen by one or the other.
                await RestatePendingAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(Sweep, stoppingToken);
                    await RestatePendingAsync(stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Restating orders with a pending USD value failed; trying again in {Delay}", RetryAfterFailure);
                await Task.Delay(RetryAfterFailure, stoppingToken);
            }
        }
    }
}
