using System.Net;
using System.Net.Sockets;

namespace SimpleCrm.Bench.Drills;

/// <summary>
/// What stands between a browser and the API nodes: a TCP forwarder on a loopback port that sends each new connection
/// to the first node that accepts it. While the first node lives, everything goes there; once it is gone (its port
/// refuses), new connections go to the next. A forwarded connection ends when either side closes it.
/// </summary>
public sealed class TcpLoadBalancer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly IReadOnlyList<Uri> nodes;
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    public TcpLoadBalancer(params Uri[] nodes)
    {
        this.nodes = nodes;
        listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        accepting = AcceptAsync();
    }

    public Uri Address { get; }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var inbound = await listener.AcceptTcpClientAsync(stop.Token);
                _ = ForwardAsync(inbound);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task ForwardAsync(TcpClient inbound)
    {
        using var _ = inbound;
        using var outbound = await ConnectAsync();
        if (outbound is null)
        {
            return;
        }

        var client = inbound.GetStream();
        var node = outbound.GetStream();
        await Task.WhenAny(CopyAsync(client, node), CopyAsync(node, client));
    }

    private async Task<TcpClient?> ConnectAsync()
    {
        foreach (var node in nodes)
        {
            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(node.Host, node.Port, stop.Token);
                return outbound;
            }
            catch (SocketException)
            {
                outbound.Dispose();
            }
        }

        return null;
    }

    private async Task CopyAsync(Stream from, Stream to)
    {
        try
        {
            await from.CopyToAsync(to, stop.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // One side went away; the caller closes both.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        stop.Dispose();
    }
}
