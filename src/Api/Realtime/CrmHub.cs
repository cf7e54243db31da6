using Microsoft.AspNetCore.SignalR;
using SimpleCrm.Api.Access;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Identity;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Contracts.Presence;

namespace SimpleCrm.Api.Realtime;

/// <summary>
/// The live channel at /hubs/crm, behind sign-in (access token in the access_token query parameter). A
/// connection belongs to exactly one workspace, taken from its token, and joins one group: the workspace's
/// "everyone" group, or for an agent the group of customers assigned to them, so a push only reaches people
/// allowed to see that customer. A team member's connection also joins their own group (notifications), and
/// SubscribeCustomer adds it to a customer's timeline group. See docs/realtime.md.
/// </summary>
public sealed class CrmHub(CustomerChangeRelay relay, IGrainFactory grains, CustomerSubscriptions subscriptions, PresenceTracker presence, UserDirectory users)
    : Hub
{
    public const string Path = "/hubs/crm";

    /// <summary>Server → client: a customer was created, updated or deleted; refetch what you show of it.</summary>
    public const string CustomerChangedEvent = "CustomerChanged";

    /// <summary>Server → client: an entry was added to the timeline of a customer this connection subscribed to.</summary>
    public const string TimelineEntryEvent = "TimelineEntry";

    /// <summary>
    /// Server → client (team feed, after <see cref="SubscribeActivityFeed"/>): an activity was logged, changed, completed,
    /// cancelled, reopened or deleted.
    /// </summary>
    public const string ActivityChangedEvent = "ActivityChanged";

    /// <summary>Server → client: who is viewing (and typing on) a customer this connection subscribed to.</summary>
    public const string PresenceEvent = "Presence";

    /// <summary>Server → client: a notification for the connection's user (a task became due).</summary>
    public const string NotificationEvent = "Notification";

    /// <summary>Everyone in the workspace who sees every customer.</summary>
    public static string WorkspaceGroup(WorkspaceId workspace) => $"ws:{workspace}:all";

    /// <summary>An agent: only the customers assigned to them.</summary>
    public static string AssignedGroup(WorkspaceId workspace, Guid owner) => $"ws:{workspace}:owner:{owner}";

    /// <summary>
    /// The team feed of everyone who sees every customer, or of one agent: only connections that asked for it, since it
    /// is one message per activity change of the workspace and only activity and task lists use it.
    /// </summary>
    public static string ActivityFeedGroup(WorkspaceId workspace, Guid? agent) =>
        agent is { } owner ? $"{AssignedGroup(workspace, owner)}:activities" : $"{WorkspaceGroup(workspace)}:activities";

    /// <summary>The connections watching one customer's timeline.</summary>
    public static string CustomerGroup(WorkspaceId workspace, Guid customerId) => $"customer:{workspace}:{customerId}";

    /// <summary>Every connection of one team member.</summary>
    public static string UserGroup(WorkspaceId workspace, Guid userId) => $"user:{workspace}:{userId}";

    public override async Task OnConnectedAsync()
    {
        var caller = Context.GetHttpContext()!.Caller();
        var group = caller.AssignedTo is { } owner ? AssignedGroup(caller.Workspace, owner) : WorkspaceGroup(caller.Workspace);
        await Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
        if (caller.UserId is { } user)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(caller.Workspace, user), Context.ConnectionAborted);
        }

        await relay.EnsureSubscribedAsync(caller.Workspace);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        subscriptions.RemoveConnection(Context.ConnectionId);
        await presence.LeaveAllAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// Client → server: send me this customer's new timeline entries (TimelineEntry). Only for a customer the caller
    /// may see (an agent: assigned to them); anything else fails with a HubException, as if it did not exist.
    /// </summary>
    public async Task SubscribeCustomer(Guid customerId)
    {
        var caller = Context.GetHttpContext()!.Caller();
        var customer = await grains.GetCustomer(caller.Workspace, customerId).GetAsync();
        if (customer is null || !caller.Sees(customer.Profile.OwnerId))
        {
            throw new HubException($"Customer {customerId} does not exist.");
        }

        // Tracked before joining, so the relay can leave the agent out from the first send on.
        if (caller.AssignedTo is { } agent)
        {
            subscriptions.AddAgent(caller.Workspace, customerId, Context.ConnectionId, agent);
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, CustomerGroup(caller.Workspace, customerId), Context.ConnectionAborted);

        // A team member now views the customer; the others learn it from the presence stream, the newcomer right here.
        if (caller.UserId is { } user)
        {
            var viewers = await presence.JoinAsync(caller.Workspace, customerId, new PresenceConnection(Context.ConnectionId, user, await DisplayNameAsync(caller.Workspace, user)));
            await Clients.Caller.SendAsync(PresenceEvent, new PresenceMessage(customerId, viewers), Context.ConnectionAborted);
        }
    }

    /// <summary>Client → server: stop sending this customer's timeline entries (and stop viewing it).</summary>
    public async Task UnsubscribeCustomer(Guid customerId)
    {
        var caller = Context.GetHttpContext()!.Caller();
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, CustomerGroup(caller.Workspace, customerId), Context.ConnectionAborted);
        subscriptions.Remove(caller.Workspace, customerId, Context.ConnectionId);
        await presence.LeaveAsync(caller.Workspace, customerId, Context.ConnectionId);
    }

    /// <summary>
    /// Client → server: send me the team feed (ActivityChanged) of the customers I may see, until I unsubscribe or
    /// disconnect.
    /// </summary>
    public Task SubscribeActivityFeed()
    {
        var caller = Context.GetHttpContext()!.Caller();
        return Groups.AddToGroupAsync(Context.ConnectionId, ActivityFeedGroup(caller.Workspace, caller.AssignedTo), Context.ConnectionAborted);
    }

    /// <summary>Client → server: stop sending the team feed.</summary>
    public Task UnsubscribeActivityFeed()
    {
        var caller = Context.GetHttpContext()!.Caller();
        return Groups.RemoveFromGroupAsync(Context.ConnectionId, ActivityFeedGroup(caller.Workspace, caller.AssignedTo), Context.ConnectionAborted);
    }

    /// <summary>Client → server: this person is (or stopped) typing a note on a customer they subscribed to.</summary>
    public async Task SetTyping(Guid customerId, bool typing)
    {
        var caller = Context.GetHttpContext()!.Caller();
        if (!presence.IsViewing(caller.Workspace, customerId, Context.ConnectionId)
            || !await grains.GetCustomerPresence(caller.Workspace, customerId).SetTypingAsync(Context.ConnectionId, typing))
        {
            throw new HubException($"Subscribe to customer {customerId} before reporting typing.");
        }
    }

    /// <summary>The name colleagues know a person by, looked up once per connection.</summary>
    private async Task<string> DisplayNameAsync(WorkspaceId workspace, Guid userId)
    {
        if (Context.Items.TryGetValue(nameof(DisplayNameAsync), out var known) && known is string name)
        {
            return name;
        }

        var user = await users.FindAsync(workspace.Value, userId, Context.ConnectionAborted);
        name = user is null ? "" : $"{user.FirstName} {user.LastName}".Trim();
        if (name.Length == 0)
        {
            name = user?.Email ?? "";
        }

        Context.Items[nameof(DisplayNameAsync)] = name;
        return name;
    }
}
