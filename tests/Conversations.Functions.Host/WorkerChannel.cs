using System.Collections.Concurrent;
using System.Threading.Channels;
using Conversations.Functions.Host.Rpc;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using GrpcException = Grpc.Core.RpcException;

namespace Conversations.Functions.Host;

/// <summary>
/// The host's end of the worker's FunctionRpc event stream: requests go out through one writer, and
/// each response completes the request that waits for it (by message type, function id or invocation
/// id). When the stream ends every waiting request gets null, so no caller waits on a dead worker.
/// </summary>
internal sealed class WorkerChannel(ILoggerFactory loggerFactory)
{
    private readonly Channel<StreamingMessage> _outgoing = Channel.CreateUnbounded<StreamingMessage>(new() { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage?>> _waiting = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger = loggerFactory.CreateLogger<WorkerChannel>();
    private int _connected;
    private volatile bool _closed;

    /// <summary>Completes when the worker has opened the stream (its StartStream message).</summary>
    public Task Started => _started.Task;

    public async Task ServeAsync(IAsyncStreamReader<StreamingMessage> incoming, IServerStreamWriter<StreamingMessage> outgoing, CancellationToken cancellation)
    {
        if (Interlocked.Exchange(ref _connected, 1) == 1)
        {
            throw new GrpcException(new Status(StatusCode.AlreadyExists, "This host serves one worker, and it is already connected."));
        }

        var writing = WriteAsync(outgoing, cancellation);
        try
        {
            await foreach (var message in incoming.ReadAllAsync(cancellation))
            {
                Receive(message);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or GrpcException)
        {
            // The worker went away mid-stream; Close tells everyone who waits on it.
        }
        finally
        {
            Close();
        }

        await writing;
    }

    public async Task<WorkerInitResponse?> InitializeAsync(string appDirectory) =>
        (await RequestAsync("init", new StreamingMessage
        {
            WorkerInitRequest = new WorkerInitRequest { HostVersion = "4.0.0", WorkerDirectory = appDirectory, FunctionAppDirectory = appDirectory },
        }))?.WorkerInitResponse;

    public async Task<FunctionMetadataResponse?> GetMetadataAsync(string appDirectory) =>
        (await RequestAsync("metadata", new StreamingMessage
        {
            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory },
        }))?.FunctionMetadataResponse;

    /// <summary>Loads a function as the worker described it (worker indexing: the host echoes its metadata).</summary>
    public async Task<FunctionLoadResponse?> LoadAsync(RpcFunctionMetadata function) =>
        (await RequestAsync("load:" + function.FunctionId, new StreamingMessage
        {
            FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function },
        }))?.FunctionLoadResponse;

    public async Task<InvocationResponse?> InvokeAsync(InvocationRequest invocation) =>
        (await RequestAsync("invocation:" + invocation.InvocationId, new StreamingMessage { InvocationRequest = invocation }))?.InvocationResponse;

    /// <summary>Asks the worker to stop; it answers nothing and exits when its work is done.</summary>
    public void Terminate(TimeSpan gracePeriod) =>
        _outgoing.Writer.TryWrite(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Duration.FromTimeSpan(gracePeriod) } });

    /// <summary>The worker is gone: nothing more will come, so every waiting request ends with null.</summary>
    public void Close()
    {
        _closed = true;
        _outgoing.Writer.TryComplete();
        foreach (var key in _waiting.Keys)
        {
            if (_waiting.TryRemove(key, out var waiting))
            {
                waiting.TrySetResult(null);
            }
        }
    }

    private Task<StreamingMessage?> RequestAsync(string key, StreamingMessage request)
    {
        var response = new TaskCompletionSource<StreamingMessage?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[key] = response;
        // Checked after registering, so a Close that ran in between cannot leave this request waiting.
        if (_closed || !_outgoing.Writer.TryWrite(request))
        {
            _waiting.TryRemove(key, out _);
            response.TrySetResult(null);
        }

        return response.Task;
    }

    private void Receive(StreamingMessage message)
    {
        var key = message.ContentCase switch
        {
            StreamingMessage.ContentOneofCase.WorkerInitResponse => "init",
            StreamingMessage.ContentOneofCase.FunctionMetadataResponse => "metadata",
            StreamingMessage.ContentOneofCase.FunctionLoadResponse => "load:" + message.FunctionLoadResponse.FunctionId,
            StreamingMessage.ContentOneofCase.InvocationResponse => "invocation:" + message.InvocationResponse.InvocationId,
            _ => null,
        };
        if (key is not null && _waiting.TryRemove(key, out var waiting))
        {
            waiting.TrySetResult(message);
        }
        else if (message.ContentCase == StreamingMessage.ContentOneofCase.StartStream)
        {
            _started.TrySetResult();
        }
        else if (message.ContentCase == StreamingMessage.ContentOneofCase.RpcLog)
        {
            Relay(message.RpcLog);
        }
    }

    private void Relay(RpcLog log)
    {
        if (log.LogCategory == RpcLog.Types.RpcLogCategory.CustomMetric || log.Level == RpcLog.Types.Level.None)
        {
            return;
        }

        var logger = loggerFactory.CreateLogger(log.Category.Length > 0 ? log.Category : "Worker");
        HostLog.WorkerLog(logger, (LogLevel)log.Level, log.Message, log.Exception is { } e ? $"{Environment.NewLine}{e.Message}{Environment.NewLine}{e.StackTrace}" : "");
    }

    private async Task WriteAsync(IServerStreamWriter<StreamingMessage> outgoing, CancellationToken cancellation)
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(cancellation))
            {
                await outgoing.WriteAsync(message, cancellation);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            HostLog.StreamWriteFailed(_logger, e.Message);
        }
    }
}
