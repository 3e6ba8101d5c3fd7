using System.Net;
using System.Net.Sockets;

namespace Saver.Tests.Infrastructure;

public static class LoopbackPort
{
    /// <summary>A loopback port free now (another process may still take it before the caller binds it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
