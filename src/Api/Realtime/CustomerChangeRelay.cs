using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Orleans.Streams;
using SimpleCrm.Grains.Common;
using SimpleCrm.Grains.Customers;

namespace SimpleCrm.Api.Realtime;

/// <summary>
/// The backplane between the cluster and this API node's browsers: for each workspace with a connected
/// browser, this node subscribes to the workspace's customer stream (published by customer grains on any
/// silo) and forwards each event to the workspace's SignalR group. Every API node does the same for its
/// own connections, so no extra broker is needed.
/// </summary>
public sealed class CustomerChangeRelay(IClusterClient cluster, IHubContext<CrmHub> hub, ILogger<CustomerChangeRelay> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<WorkspaceId, Lazy<Task<StreamSubscriptionHandle<CustomerChanged>>>> subscriptions = new();

    public async Task EnsureSubscribedAsync(WorkspaceId workspace)
    {
        var subscription = subscriptions.GetOrAdd(workspace, w => new Lazy<Task<StreamSubscriptionHandle<CustomerChanged>>>(() => SubscribeAsync(w)));
        try
        {
            await subscription.Value;
        }
        catch
        {
            // Let the next connection try again rather than caching the failure.
            subscriptions.TryRemove(workspace, out _);
            throw;
        }
    }

    private Task<StreamSubscriptionHandle<CustomerChanged>> SubscribeAsync(WorkspaceId workspace)
    {
        var stream = cluster.GetStreamProvider(CrmStreams.Provider)
            .GetStream<CustomerChanged>(StreamId.Create(CrmStreams.CustomerChanges, workspace.Value));
        logger.LogInformation("Relaying customer changes of workspace {Workspace}", workspace);
        return stream.SubscribeAsync((change, _) => ForwardAsync(workspace, change));
    }

    private Task ForwardAsync(WorkspaceId workspace, CustomerChanged change)
    {
        // The stream is keyed by workspace; checking again costs nothing and keeps the promise local.
        if (change.Workspace != workspace)
        {
            logger.LogError("Dropped a change of workspace {Actual} on the stream of {Expected}", change.Workspace, workspace);
            return Task.CompletedTask;
        }

        IReadOnlyList<string> groups = change.OwnerId is { } owner
            ? [CrmHub.WorkspaceGroup(workspace), CrmHub.AssignedGroup(workspace, owner)]
            : [CrmHub.WorkspaceGroup(workspace)];
        return hub.Clients.Groups(groups).SendAsync(CrmHub.CustomerChangedEvent, CustomerChangedMessage.From(change));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in subscriptions.Values.Where(s => s.IsValueCreated))
        {
            try
            {
                await (await subscription.Value).UnsubscribeAsync();
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "Unsubscribe on shutdown failed");
            }
        }
    }
}

/// <summary>What browsers receive: enough to know what to refetch.</summary>
public sealed record CustomerChangedMessage(Guid CustomerId, string Kind, int Version, DateTimeOffset OccurredAt)
{
    public static CustomerChangedMessage From(CustomerChanged change) =>
        new(change.CustomerId, change.Kind.ToString().ToLowerInvariant(), change.Version, change.OccurredAt);
}
