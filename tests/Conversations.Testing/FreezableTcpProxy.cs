using System.Net;
using System.Net.Sockets;

namespace Conversations.Testing;

/// <summary>
/// Forwards loopback TCP connections to a target port, and can stop forwarding without closing
/// anything: a store behind it that is <see cref="Freeze">frozen</see> looks like a process that hangs
/// or a network that drops packets (connections stay open, no byte arrives in either direction).
/// Written here because the point is to hold bytes back on demand, which no fault-injection proxy in
/// the test dependencies does in-process.
/// </summary>
public sealed class FreezableTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Lock _gate = new();
    private readonly Task _accepting;
    private TaskCompletionSource _thawed = Thawed();

    public FreezableTcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Holds every byte in either direction, on open and new connections alike, until <see cref="Thaw"/>.</summary>
    public void Freeze()
    {
        lock (_gate)
        {
            if (_thawed.Task.IsCompleted)
            {
                _thawed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Forwards again, starting with what was held.</summary>
    public void Thaw()
    {
        lock (_gate)
        {
            _thawed.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Thaw();
        _listener.Stop();
        lock (_gate)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private static TaskCompletionSource Thawed()
    {
        var thawed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        thawed.SetResult();
        return thawed;
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using var target = new TcpClient();
        lock (_gate)
        {
            _connections.Add(client);
            _connections.Add(target);
        }

        try
        {
            await target.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            var upstream = PumpAsync(client.GetStream(), target.GetStream(), ended.Token);
            var downstream = PumpAsync(target.GetStream(), client.GetStream(), ended.Token);
            await Task.WhenAny(upstream, downstream);
            await ended.CancelAsync();
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side hung up, or the proxy is stopping: the connection ends.
        }
        finally
        {
            lock (_gate)
            {
                _connections.Remove(client);
                _connections.Remove(target);
            }

            client.Dispose();
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
            {
                Task thawed;
                lock (_gate)
                {
                    thawed = _thawed.Task;
                }

                await thawed.WaitAsync(cancellationToken);
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection ends; ForwardAsync closes both sides.
        }
    }
}
