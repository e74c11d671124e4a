using System.Net;
using System.Net.Sockets;

namespace Interlude.Workers.Tests;

/// <summary>
/// A loopback TCP forwarder in front of a real server (the test PostgreSQL or RabbitMQ). <see cref="Cut"/>
/// is an outage as the server's clients see it: every open connection drops and every new one is reset,
/// until <see cref="Restore"/>. It keeps its port throughout (a port let go could be handed to another
/// test meanwhile). The server itself keeps running for the other tests.
/// </summary>
public sealed class OutageProxy : IAsyncDisposable
{
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stopped = new();
    private readonly List<TcpClient> connections = [];
    private volatile bool cut;

    private OutageProxy(string targetHost, int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _ = AcceptAll();
    }

    /// <summary>The loopback port clients connect to instead of the server's.</summary>
    public int Port { get; }

    /// <summary>Listens on a free loopback port and forwards every connection to <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static OutageProxy Start(string host, int port) => new(host, port);

    /// <summary>Drops every connection and resets new ones.</summary>
    public void Cut()
    {
        cut = true;
        lock (connections)
        {
            foreach (var connection in connections)
            {
                Reset(connection);
            }

            connections.Clear();
        }
    }

    /// <summary>Forwards new connections again.</summary>
    public void Restore() => cut = false;

    public ValueTask DisposeAsync()
    {
        stopped.Cancel();
        listener.Stop();
        Cut();
        stopped.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAll()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopped.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (cut)
            {
                Reset(client);
                continue;
            }

            _ = Forward(client);
        }
    }

    private async Task Forward(TcpClient client)
    {
        var server = new TcpClient();
        Track(client);
        Track(server);
        try
        {
            await server.ConnectAsync(targetHost, targetPort, stopped.Token);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(stopped.Token);
            var up = client.GetStream().CopyToAsync(server.GetStream(), either.Token);
            var down = server.GetStream().CopyToAsync(client.GetStream(), either.Token);
            await Task.WhenAny(up, down);
            either.Cancel();
            await Task.WhenAll(up, down).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException or InvalidOperationException)
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
            if (cut)
            {
                Reset(connection);
            }
            else
            {
                connections.Add(connection);
            }
        }
    }

    /// <summary>Closes with a reset (no linger), as a server that went away leaves its clients.</summary>
    private static void Reset(TcpClient connection)
    {
        try
        {
            connection.Client.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Not connected yet, or closed already.
        }

        connection.Dispose();
    }
}
