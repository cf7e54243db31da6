using System.Net;
using System.Net.Sockets;

namespace SimpleCrm.Tests.Infrastructure;

public static class Ports
{
    /// <summary>A TCP port free right now, for silo and gateway endpoints of hosts started by tests.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
