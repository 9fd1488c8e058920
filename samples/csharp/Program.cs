// Client-first close versus "the client asks the server to close", with System.Net.Sockets.
//
//   dotnet run -c Release -- naive|fixed|abort [connections] [port]
//   (or with Mono: mcs Program.cs && mono Program.exe naive)
//
// naive: the client closes first, so its side keeps each local port in TIME_WAIT; on Windows
//        Connect throws SocketException (10048, AddressAlreadyInUse) once the ports are used up.
// fixed: the client sends one byte asking the server to close, the server closes first, the client
//        reads to the end (Receive returns 0), ignores a read error there (ConnectionReset), then
//        closes.
// abort: the client sets LingerState = new LingerOption(true, 0) before Close: a reset, no
//        TIME_WAIT, unsent data lost.
// Exit code 0 when every connection was made, 1 when a connect failed, 2 for bad usage.
//
// With HttpClient the same problem comes from a new HttpClient (or handler) per request: each one
// opens its own connection and the client side closes it. Keep one HttpClient for the program's
// life so its handler pools connections and reuses them (keep-alive), for example:
//   static readonly HttpClient Http = new(new SocketsHttpHandler {
//       PooledConnectionLifetime = TimeSpan.FromMinutes(2),   // still picks up DNS changes
//       PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
//       MaxConnectionsPerServer = 16 });
using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;

static class CloseSample
{
    static int Main(string[] args)
    {
        if (args.Length < 1 || (args[0] != "naive" && args[0] != "fixed" && args[0] != "abort"))
        {
            Console.Error.WriteLine("usage: dotnet run -- naive|fixed|abort [connections] [port]");
            return 2;
        }
        string mode = args[0];
        int count = args.Length > 1 ? int.Parse(args[1]) : 50000;
        int port = args.Length > 2 ? int.Parse(args[2]) : 40000;
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);

        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(endpoint);
        listener.Listen(128);
        new Thread(() => Serve(listener, mode)) { IsBackground = true }.Start();

        for (int i = 0; i < count; i++)
        {
            try
            {
                ConnectOnce(endpoint, mode);
            }
            catch (SocketException e)
            {
                Console.WriteLine($"connect failed after {i} connections: {e.SocketErrorCode} ({e.ErrorCode}): {e.Message}");
                return 1;
            }
        }
        Console.WriteLine($"ok: {count} connections");
        return 0;
    }

    static void ConnectOnce(IPEndPoint endpoint, string mode)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(endpoint);
        if (mode == "fixed")
        {
            socket.Send(new byte[] { (byte)'q' }); // "please close"; never socket.Shutdown(SocketShutdown.Send) here
            var buffer = new byte[64];
            try
            {
                while (socket.Receive(buffer) > 0) { }
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                // A reset at the end of the stream means the same as the end.
            }
        }
        else if (mode == "abort")
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        socket.Close();
    }

    static void Serve(Socket listener, string mode)
    {
        var buffer = new byte[64];
        while (true)
        {
            using (Socket s = listener.Accept())
            {
                try
                {
                    if (mode == "fixed")
                        s.Receive(buffer, 1, SocketFlags.None); // the client's request to close: close first
                    else
                        while (s.Receive(buffer) > 0) { } // wait for the client's close: the client closes first
                }
                catch (SocketException)
                {
                    // a reset from an aborting client is expected
                }
            }
        }
    }
}
