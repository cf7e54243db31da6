using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Orleans.Streams;
using SimpleCrm.Api.Activities;
using SimpleCrm.Data.Activities;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Contracts.Presence;

namespace SimpleCrm.Api.Realtime;

/// <summary>
/// The backplane between the cluster and this API node's browsers: for each workspace with a connected
/// browser, this node subscribes to the workspace's streams (customer changes, timeline entries, notifications,
/// published by grains on any silo) and forwards each event to the matching SignalR groups. Every API node does
/// the same for its own connections, so no extra broker is needed.
/// </summary>
public sealed class CustomerChangeRelay(
    IClusterClient cluster, IHubContext<CrmHub> hub, CustomerSubscriptions subscriptions, PresenceTracker presence, ILogger<CustomerChangeRelay> logger)
    : IAsyncDisposable
{
    private readonly ConcurrentDictionary<WorkspaceId, Lazy<Task<IReadOnlyList<Func<Task>>>>> subscriptionsByWorkspace = new();

    public async Task EnsureSubscribedAsync(WorkspaceId workspace)
    {
        var subscription = subscriptionsByWorkspace.GetOrAdd(workspace, w => new Lazy<Task<IReadOnlyList<Func<Task>>>>(() => SubscribeAsync(w)));
        try
        {
            await subscription.Value;
        }
        catch
        {
            // Let the next connection try again rather than caching the failure.
            subscriptionsByWorkspace.TryRemove(workspace, out _);
            throw;
        }
    }

    /// <returns>How to unsubscribe each of the workspace's streams.</returns>
    private async Task<IReadOnlyList<Func<Task>>> SubscribeAsync(WorkspaceId workspace)
    {
        var provider = cluster.GetStreamProvider(CrmStreams.Provider);
        logger.LogInformation("Relaying live events of workspace {Workspace}", workspace);
        var changes = await provider.GetStream<CustomerChanged>(StreamId.Create(CrmStreams.CustomerChanges, workspace.Value))
            .SubscribeAsync((change, _) => ForwardAsync(workspace, change));
        var entries = await provider.GetStream<TimelineEntryAdded>(StreamId.Create(ActivityStreams.TimelineEntries, workspace.Value))
            .SubscribeAsync((added, _) => ForwardAsync(workspace, added));
        var notifications = await provider.GetStream<NotificationAdded>(StreamId.Create(ActivityStreams.Notifications, workspace.Value))
            .SubscribeAsync((added, _) => ForwardAsync(workspace, added));
        var viewers = await provider.GetStream<PresenceChanged>(StreamId.Create(PresenceStreams.Presence, workspace.Value))
            .SubscribeAsync((changed, _) => ForwardAsync(workspace, changed));
        return [() => changes.UnsubscribeAsync(), () => entries.UnsubscribeAsync(), () => notifications.UnsubscribeAsync(), () => viewers.UnsubscribeAsync()];
    }

    private async Task ForwardAsync(WorkspaceId workspace, CustomerChanged change)
    {
        // The stream is keyed by workspace; checking again costs nothing and keeps the promise local.
        if (!SameWorkspace(workspace, change.Workspace))
        {
            return;
        }

        await EvictAgentsNotOwningAsync(workspace, change.CustomerId, change.OwnerId);
        await hub.Clients.Groups(TeamGroups(workspace, change.OwnerId)).SendAsync(CrmHub.CustomerChangedEvent, CustomerChangedMessage.From(change));
    }

    /// <summary>
    /// A customer reassigned away from an agent who watches it: their connection leaves its group (timeline entries,
    /// presence) and its presence list, as if they had unsubscribed.
    /// </summary>
    private async Task EvictAgentsNotOwningAsync(WorkspaceId workspace, Guid customerId, Guid? owner)
    {
        foreach (var connection in subscriptions.AgentsNotOwning(workspace, customerId, owner))
        {
            await hub.Groups.RemoveFromGroupAsync(connection, CrmHub.CustomerGroup(workspace, customerId));
            subscriptions.Remove(workspace, customerId, connection);
            await presence.LeaveAsync(workspace, customerId, connection);
        }
    }

    private Task ForwardAsync(WorkspaceId workspace, PresenceChanged changed) =>
        SameWorkspace(workspace, changed.Workspace)
            ? hub.Clients.Group(CrmHub.CustomerGroup(workspace, changed.CustomerId)).SendAsync(CrmHub.PresenceEvent, new PresenceMessage(changed.CustomerId, changed.Viewers))
            : Task.CompletedTask;

    /// <summary>
    /// To the customer's timeline subscribers (minus agents it is no longer assigned to), and a change of an activity also
    /// to the team feed's subscribers who may see the customer.
    /// </summary>
    private async Task ForwardAsync(WorkspaceId workspace, TimelineEntryAdded added)
    {
        if (!SameWorkspace(workspace, added.Workspace))
        {
            return;
        }

        var entry = added.Entry;
        var excluded = subscriptions.AgentsNotOwning(workspace, entry.CustomerId, added.OwnerId);
        await hub.Clients.GroupExcept(CrmHub.CustomerGroup(workspace, entry.CustomerId), excluded)
            .SendAsync(CrmHub.TimelineEntryEvent, TimelineEntryDocument.From(entry));
        if (entry.Kind.StartsWith("activity.", StringComparison.Ordinal) && entry.EntityId is { } activityId)
        {
            // The team feed: every change of an activity, creations included (lists and task views refetch), to the
            // connections that subscribed to it and see the customer. Not to every connection of the workspace: that
            // was the bulk of a node's writes, for pages that never show it.
            await hub.Clients.Groups(ActivityFeedGroups(workspace, added.OwnerId)).SendAsync(CrmHub.ActivityChangedEvent, ActivityFeedMessage.From(activityId, entry));
        }
    }

    private Task ForwardAsync(WorkspaceId workspace, NotificationAdded added) =>
        SameWorkspace(workspace, added.Workspace)
            ? hub.Clients.Group(CrmHub.UserGroup(workspace, added.Notification.UserId)).SendAsync(CrmHub.NotificationEvent, NotificationStore.Document(added.Notification))
            : Task.CompletedTask;

    /// <summary>Everyone who sees every customer, and the agent the customer is assigned to.</summary>
    private static IReadOnlyList<string> TeamGroups(WorkspaceId workspace, Guid? owner) =>
        SeenBy(owner, agent => agent is { } assigned ? CrmHub.AssignedGroup(workspace, assigned) : CrmHub.WorkspaceGroup(workspace));

    /// <summary>The team feed's subscribers among everyone who sees every customer, and the assigned agent's.</summary>
    private static IReadOnlyList<string> ActivityFeedGroups(WorkspaceId workspace, Guid? owner) =>
        SeenBy(owner, agent => CrmHub.ActivityFeedGroup(workspace, agent));

    /// <summary>The group of those who see every customer (agent null) and, for an assigned customer, its agent's.</summary>
    private static IReadOnlyList<string> SeenBy(Guid? owner, Func<Guid?, string> group) =>
        owner is { } assigned ? [group(null), group(assigned)] : [group(null)];

    private bool SameWorkspace(WorkspaceId expected, WorkspaceId actual)
    {
        if (expected == actual)
        {
            return true;
        }

        logger.LogError("Dropped an event of workspace {Actual} on the stream of {Expected}", actual, expected);
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in subscriptionsByWorkspace.Values.Where(s => s.IsValueCreated))
        {
            try
            {
                foreach (var unsubscribe in await subscription.Value)
                {
                    await unsubscribe();
                }
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

/// <summary>Who is viewing a customer (docs/realtime.md, Presence).</summary>
public sealed record PresenceMessage(Guid CustomerId, IReadOnlyList<PresenceViewer> Viewers);

/// <summary>The team feed's line for a change of an activity (<see cref="TimelineEntry.Kind"/>: activity.created, .completed, …).</summary>
public sealed record ActivityFeedMessage(Guid ActivityId, Guid CustomerId, string Kind, string? Type, string? Subject, Guid? CreatedBy, long TimelineEntryId, DateTimeOffset OccurredAt)
{
    public static ActivityFeedMessage From(Guid activityId, TimelineEntry entry)
    {
        using var data = JsonDocument.Parse(entry.DataJson);
        var root = data.RootElement;
        return new(activityId, entry.CustomerId, entry.Kind, Text(root, "type"), Text(root, "subject"),
            root.TryGetProperty("created_by", out var by) && by.ValueKind == JsonValueKind.String && by.TryGetGuid(out var user) ? user : null,
            entry.Id, entry.OccurredAt);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
