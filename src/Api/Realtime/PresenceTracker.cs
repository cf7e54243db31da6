using System.Collections.Concurrent;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Presence;

namespace SimpleCrm.Api.Realtime;

/// <summary>
/// Which customers this node's connections are viewing, so a disconnect can say goodbye to each presence grain
/// and the node can renew its connections' presence (<see cref="PresenceRenewal"/>). Node-local, like the
/// connections themselves.
/// </summary>
public sealed class PresenceTracker(IGrainFactory grains, ILogger<PresenceTracker> logger)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<(WorkspaceId Workspace, Guid Customer), PresenceConnection>> byConnection = new();

    public async Task<IReadOnlyList<PresenceViewer>> JoinAsync(WorkspaceId workspace, Guid customerId, PresenceConnection connection)
    {
        byConnection.GetOrAdd(connection.ConnectionId, _ => new())[(workspace, customerId)] = connection;
        return await grains.GetCustomerPresence(workspace, customerId).JoinAsync(connection);
    }

    public bool IsViewing(WorkspaceId workspace, Guid customerId, string connectionId) =>
        byConnection.TryGetValue(connectionId, out var viewing) && viewing.ContainsKey((workspace, customerId));

    public Task LeaveAsync(WorkspaceId workspace, Guid customerId, string connectionId)
    {
        if (byConnection.TryGetValue(connectionId, out var viewing) && viewing.TryRemove((workspace, customerId), out _))
        {
            return grains.GetCustomerPresence(workspace, customerId).LeaveAsync(connectionId);
        }

        return Task.CompletedTask;
    }

    public async Task LeaveAllAsync(string connectionId)
    {
        if (!byConnection.TryRemove(connectionId, out var viewing))
        {
            return;
        }

        foreach (var (workspace, customer) in viewing.Keys)
        {
            try
            {
                await grains.GetCustomerPresence(workspace, customer).LeaveAsync(connectionId);
            }
            catch (Exception e)
            {
                // The entry lapses on its own (PresenceTimings.ViewingLapse).
                logger.LogDebug(e, "Leaving presence of customer {CustomerId} failed", customer);
            }
        }
    }

    /// <summary>Tells every presence grain again who of this node is there: refills a lost activation, keeps entries from lapsing.</summary>
    public async Task RenewAllAsync(CancellationToken cancellationToken)
    {
        foreach (var viewing in byConnection.Values)
        {
            foreach (var ((workspace, customer), connection) in viewing)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    await grains.GetCustomerPresence(workspace, customer).JoinAsync(connection);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Renewing presence of customer {CustomerId} failed", customer);
                }
            }
        }
    }
}

/// <summary>Renews this node's presence entries well before they would lapse.</summary>
public sealed class PresenceRenewal(PresenceTracker tracker) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PresenceTimings.Renewal);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await tracker.RenewAllAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
