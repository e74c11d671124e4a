using System.Net;
using System.Net.Sockets;

namespace Interlude.Workers.Tests;

/// <summary>
/// A loopback TCP forwarder in front of a real server (the test PostgreSQL or RabbitMQ). <see cref="Cut"/>
/// is an outage as the server's clients see it: every open connection drops and new ones are refused,
/// until <see cref="Restore"/> listens again on the same port. The server itself keeps running for the
/// other tests.
/// </summary>
public sealed class OutageProxy : IAsyncDisposable
{
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly List<TcpClient> connections = [];
    private TcpListener? listener;
    private CancellationTokenSource running = new();

    private OutageProxy(string targetHost, int targetPort, int port)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Port = port;
    }

    /// <summary>The loopback port clients connect to instead of the server's.</summary>
    public int Port { get; }

    /// <summary>Listens on a free loopback port and forwards every connection to <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static OutageProxy Start(string host, int port)
    {
        var proxy = new OutageProxy(host, port, ServeProcess.FreePort());
        proxy.Listen();
        return proxy;
    }

    /// <summary>Drops every connection and refuses new ones.</summary>
    public void Cut()
    {
        running.Cancel();
        listener?.Stop();
        listener = null;
        lock (connections)
        {
            foreach (var connection in connections)
            {
                connection.Client.LingerState = new LingerOption(true, 0);
                connection.Dispose();
            }

            connections.Clear();
        }
    }

    /// <summary>Accepts and forwards connections again, on the same port.</summary>
    public void Restore()
    {
        running = new CancellationTokenSource();
        Listen();
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    private void Listen()
    {
        var socket = new TcpListener(IPAddress.Loopback, Port);
        socket.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Start();
        listener = socket;
        _ = AcceptAll(socket, running.Token);
    }

    private async Task AcceptAll(TcpListener socket, CancellationToken cut)
    {
        while (!cut.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await socket.AcceptTcpClientAsync(cut);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Forward(client, cut);
        }
    }

    private async Task Forward(TcpClient client, CancellationToken cut)
    {
        var server = new TcpClient();
        Track(client);
        Track(server);
        try
        {
            await server.ConnectAsync(targetHost, targetPort, cut);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cut);
            var up = client.GetStream().CopyToAsync(server.GetStream(), either.Token);
            var down = server.GetStream().CopyToAsync(client.GetStream(), either.Token);
            await Task.WhenAny(up, down);
            either.Cancel();
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // Cut, or one side closed: both close below.
        }
        finally
        {
            lock (connections)
            {
                connections.Remove(client);
                connections.Remove(server);
            }

            client.Dispose();
            server.Dispose();
        }
    }

    private void Track(TcpClient connection)
    {
        lock (connections)
        {
            connections.Add(connection);
        }
    }
}
