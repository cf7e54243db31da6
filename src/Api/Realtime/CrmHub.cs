using Microsoft.AspNetCore.SignalR;
using SimpleCrm.Api.Access;
using SimpleCrm.Grains.Common;

namespace SimpleCrm.Api.Realtime;

/// <summary>
/// The live channel at /hubs/crm, behind sign-in (access token in the access_token query parameter). A
/// connection belongs to exactly one workspace, taken from its token, and joins one group: the workspace's
/// "everyone" group, or for an agent the group of customers assigned to them, so a push only reaches people
/// allowed to see that customer. See docs/realtime.md.
/// </summary>
public sealed class CrmHub(CustomerChangeRelay relay) : Hub
{
    public const string Path = "/hubs/crm";

    /// <summary>Server → client: a customer was created, updated or deleted; refetch what you show of it.</summary>
    public const string CustomerChangedEvent = "CustomerChanged";

    /// <summary>Everyone in the workspace who sees every customer.</summary>
    public static string WorkspaceGroup(WorkspaceId workspace) => $"ws:{workspace}:all";

    /// <summary>An agent: only the customers assigned to them.</summary>
    public static string AssignedGroup(WorkspaceId workspace, Guid owner) => $"ws:{workspace}:owner:{owner}";

    public override async Task OnConnectedAsync()
    {
        var caller = Context.GetHttpContext()!.Caller();
        var group = caller.AssignedTo is { } owner ? AssignedGroup(caller.Workspace, owner) : WorkspaceGroup(caller.Workspace);
        await Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
        await relay.EnsureSubscribedAsync(caller.Workspace);
        await base.OnConnectedAsync();
    }
}
