using System.Diagnostics;
using System.Globalization;

namespace Conversations.Functions.Host;

/// <summary>
/// The app's worker process, started the way the Functions host starts it (RpcWorkerContext and
/// RpcWorkerProcess in Azure/azure-functions-host): the worker.config.json executable and worker
/// path, the host's connection arguments, the app folder as working directory, and an environment of
/// the host's own, the app settings on top, and the FUNCTIONS_* variables the host adds. Its console
/// output goes straight to ours: the worker logs through the stream, and what it prints to the console
/// itself (a crash, or the server's one-time development key) is meant for a person, not a log sink.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private const string MaxMessageLength = "2147483647";
    private readonly Process _process;

    private WorkerProcess(Process process)
    {
        _process = process;
        Exited = WaitForExitCodeAsync(process);
    }

    public int Id => _process.Id;

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited { get; }

    public static WorkerProcess Start(string appDirectory, Uri rpcUri, IReadOnlyDictionary<string, string?> settings, ILogger logger)
    {
        var description = WorkerConfig.Read(appDirectory).Description;
        var workerPath = Path.Combine(appDirectory, description.DefaultWorkerPath);
        var workerId = Guid.NewGuid().ToString();
        var requestId = Guid.NewGuid().ToString();
        var start = new ProcessStartInfo(description.DefaultExecutablePath)
        {
            WorkingDirectory = appDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            workerPath,
            "--host", rpcUri.Host, "--port", rpcUri.Port.ToString(CultureInfo.InvariantCulture),
            "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", MaxMessageLength,
            "--functions-uri", rpcUri.AbsoluteUri, "--functions-worker-id", workerId,
            "--functions-request-id", requestId, "--functions-grpc-max-message-length", MaxMessageLength,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory;
        // The worker reads host.json (the route prefix) from here.
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
        // Core Tools runs apps as Development unless told otherwise.
        if (!start.Environment.TryGetValue("AZURE_FUNCTIONS_ENVIRONMENT", out var environment) || string.IsNullOrEmpty(environment))
        {
            start.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development";
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) Console.Out.WriteLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) Console.Error.WriteLine(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        HostLog.WorkerStarted(logger, process.Id, start.FileName, workerPath);
        return new WorkerProcess(process);
    }

    /// <summary>Waits up to <paramref name="gracePeriod"/> for the process to end, then kills it.</summary>
    public async Task<int> WaitOrKillAsync(TimeSpan gracePeriod, ILogger logger)
    {
        try
        {
            await Exited.WaitAsync(gracePeriod);
        }
        catch (TimeoutException)
        {
            HostLog.WorkerKilled(logger, gracePeriod);
            _process.Kill(entireProcessTree: true);
        }

        return await Exited;
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static async Task<int> WaitForExitCodeAsync(Process process)
    {
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
