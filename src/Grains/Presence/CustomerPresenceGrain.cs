using Microsoft.Extensions.Logging;
using Orleans.Streams;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Grains.Common;
using SimpleCrm.Contracts.Presence;

namespace SimpleCrm.Grains.Presence;

/// <summary>
/// The people viewing one customer, by connection. Publishes the complete list on the workspace's presence
/// stream whenever what people would see changes: someone came or left, started or stopped typing. A timer
/// runs only while someone is here, to let typing and unrenewed connections lapse.
/// </summary>
public sealed class CustomerPresenceGrain(ILogger<CustomerPresenceGrain> logger, TimeProvider clock) : Grain, ICustomerPresenceGrain
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(2);

    private sealed record Viewing(PresenceConnection Connection, DateTimeOffset Since, DateTimeOffset RenewedAt, DateTimeOffset? TypingUntil);

    private readonly Dictionary<string, Viewing> connections = [];
    private IReadOnlyList<PresenceViewer> published = [];
    private IGrainTimer? sweeper;
    private WorkspaceId workspace;
    private Guid customerId;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        customerId = this.GetPrimaryKey(out var extension);
        workspace = WorkspaceId.Parse(extension ?? throw new InvalidOperationException("A presence grain key must carry its workspace."));
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PresenceViewer>> JoinAsync(PresenceConnection connection)
    {
        var now = clock.GetUtcNow();
        connections[connection.ConnectionId] = connections.TryGetValue(connection.ConnectionId, out var known)
            ? known with { Connection = connection, RenewedAt = now }
            : new Viewing(connection, now, now, null);
        sweeper ??= this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(SweepEvery, SweepEvery) { KeepAlive = true });
        await PublishIfChangedAsync();
        return published;
    }

    public async Task LeaveAsync(string connectionId)
    {
        if (connections.Remove(connectionId))
        {
            await PublishIfChangedAsync();
        }
    }

    public async Task<bool> SetTypingAsync(string connectionId, bool typing)
    {
        if (!connections.TryGetValue(connectionId, out var viewing))
        {
            return false;
        }

        connections[connectionId] = viewing with { TypingUntil = typing ? clock.GetUtcNow() + PresenceTimings.TypingLapse : null };
        await PublishIfChangedAsync();
        return true;
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var (id, viewing) in connections.ToList())
        {
            if (now - viewing.RenewedAt > PresenceTimings.ViewingLapse)
            {
                connections.Remove(id);
            }
            else if (viewing.TypingUntil is { } until && until <= now)
            {
                connections[id] = viewing with { TypingUntil = null };
            }
        }

        await PublishIfChangedAsync();
        if (connections.Count == 0)
        {
            // Nobody left to watch over: stop ticking and let the activation go.
            sweeper?.Dispose();
            sweeper = null;
            DeactivateOnIdle();
        }
    }

    /// <summary>One entry per person, in the order they arrived; typing if any of their tabs is.</summary>
    private IReadOnlyList<PresenceViewer> Viewers()
    {
        var now = clock.GetUtcNow();
        return connections.Values
            .GroupBy(v => v.Connection.UserId)
            .Select(person => (Since: person.Min(v => v.Since),
                Viewer: new PresenceViewer(person.Key, person.OrderByDescending(v => v.RenewedAt).First().Connection.Name,
                    person.Any(v => v.TypingUntil > now))))
            .OrderBy(p => p.Since)
            .ThenBy(p => p.Viewer.UserId)
            .Select(p => p.Viewer)
            .ToList();
    }

    private async Task PublishIfChangedAsync()
    {
        var viewers = Viewers();
        if (viewers.SequenceEqual(published))
        {
            return;
        }

        published = viewers;
        try
        {
            await this.GetStreamProvider(CrmStreams.Provider)
                .GetStream<PresenceChanged>(StreamId.Create(PresenceStreams.Presence, workspace.Value))
                .OnNextAsync(new PresenceChanged(workspace, customerId, viewers));
        }
        catch (Exception e)
        {
            // Presence is best effort; the next change or renewal publishes the list again.
            logger.LogWarning(e, "Publishing presence of customer {CustomerId} failed", customerId);
            published = [];
        }
    }
}
