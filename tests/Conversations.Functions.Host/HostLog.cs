namespace Conversations.Functions.Host;

/// <summary>What the host logs. Worker logs keep the worker's own category and level.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 1, Message = "{Message}{Exception}")]
    public static partial void WorkerLog(ILogger logger, LogLevel level, string message, string exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Started worker process {ProcessId}: {Executable} {WorkerPath}")]
    public static partial void WorkerStarted(ILogger logger, int processId, string executable, string workerPath);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "The worker process exited unexpectedly with code {ExitCode}; the host stops")]
    public static partial void WorkerDied(ILogger logger, int exitCode);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "The worker did not start: {Reason}")]
    public static partial void WorkerFailedToStart(ILogger logger, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "The worker process exited with code {ExitCode}")]
    public static partial void WorkerStopped(ILogger logger, int exitCode);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "The worker did not stop within {GracePeriod}; killing it")]
    public static partial void WorkerKilled(ILogger logger, TimeSpan gracePeriod);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Forwarding a request for {Function} to the worker failed: {Error}")]
    public static partial void ForwardingFailed(ILogger logger, string function, string error);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "Function {Function} (invocation {InvocationId}) failed: {Status} {Exception}")]
    public static partial void InvocationFailed(ILogger logger, string function, string invocationId, string status, string exception);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "The worker ended before answering invocation {InvocationId} of {Function}")]
    public static partial void InvocationLost(ILogger logger, string function, string invocationId);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Writing to the worker's stream stopped: {Reason}")]
    public static partial void StreamWriteFailed(ILogger logger, string reason);
}
