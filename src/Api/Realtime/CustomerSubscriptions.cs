using System.Collections.Concurrent;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Realtime;

/// <summary>
/// This node's agents' customer subscriptions (SubscribeCustomer). A customer may be reassigned while an agent's
/// connection watches it; the relay then leaves that agent's connection out of the customer's group sends, so an
/// agent never receives an entry about a customer that is no longer theirs. Everyone else sees every customer and
/// is not tracked. Node-local, like the connections themselves.
/// </summary>
public sealed class CustomerSubscriptions
{
    private readonly ConcurrentDictionary<(WorkspaceId Workspace, Guid Customer), ConcurrentDictionary<string, Guid>> agents = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<(WorkspaceId Workspace, Guid Customer), byte>> byConnection = new();

    public void AddAgent(WorkspaceId workspace, Guid customerId, string connectionId, Guid agentId)
    {
        agents.GetOrAdd((workspace, customerId), _ => new())[connectionId] = agentId;
        byConnection.GetOrAdd(connectionId, _ => new())[(workspace, customerId)] = 0;
    }

    public void Remove(WorkspaceId workspace, Guid customerId, string connectionId)
    {
        if (agents.TryGetValue((workspace, customerId), out var connections))
        {
            connections.TryRemove(connectionId, out _);
            if (connections.IsEmpty)
            {
                agents.TryRemove(new KeyValuePair<(WorkspaceId, Guid), ConcurrentDictionary<string, Guid>>((workspace, customerId), connections));
            }
        }

        if (byConnection.TryGetValue(connectionId, out var customers))
        {
            customers.TryRemove((workspace, customerId), out _);
        }
    }

    public void RemoveConnection(string connectionId)
    {
        if (byConnection.TryRemove(connectionId, out var customers))
        {
            foreach (var (workspace, customer) in customers.Keys)
            {
                Remove(workspace, customer, connectionId);
            }
        }
    }

    /// <summary>Connections of agents watching the customer who are not its owner (<paramref name="owner"/>).</summary>
    public IReadOnlyList<string> AgentsNotOwning(WorkspaceId workspace, Guid customerId, Guid? owner) =>
        agents.TryGetValue((workspace, customerId), out var connections)
            ? connections.Where(c => c.Value != owner).Select(c => c.Key).ToList()
            : [];
}
