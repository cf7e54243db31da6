using Microsoft.AspNetCore.SignalR;

namespace SimpleCrm.Api.Operations;

/// <summary>Counts this node's live hub connections for the connected-clients gauge (one instance per node).</summary>
public sealed class HubConnectionCounter : IHubFilter
{
    private long connected;

    public long Connected => Interlocked.Read(ref connected);

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        Interlocked.Increment(ref connected);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        Interlocked.Decrement(ref connected);
        await next(context, exception);
    }
}
