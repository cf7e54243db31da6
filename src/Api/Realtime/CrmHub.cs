using Microsoft.AspNetCore.SignalR;
using SimpleCrm.Api.Workspaces;
using SimpleCrm.Grains.Common;

namespace SimpleCrm.Api.Realtime;

/// <summary>
/// The live channel at /hubs/crm. A connection belongs to exactly one workspace (resolved before the hub runs)
/// and joins that workspace's group, so a push can only reach people of the workspace it happened in.
/// See docs/realtime.md.
/// </summary>
public sealed class CrmHub(CustomerChangeRelay relay) : Hub
{
    public const string Path = "/hubs/crm";

    /// <summary>Server → client: a customer was created, updated or deleted; refetch what you show of it.</summary>
    public const string CustomerChangedEvent = "CustomerChanged";

    public static string WorkspaceGroup(WorkspaceId workspace) => $"ws:{workspace}";

    public override async Task OnConnectedAsync()
    {
        var workspace = Context.GetHttpContext()!.Workspace();
        await Groups.AddToGroupAsync(Context.ConnectionId, WorkspaceGroup(workspace), Context.ConnectionAborted);
        await relay.EnsureSubscribedAsync(workspace);
        await base.OnConnectedAsync();
    }
}
