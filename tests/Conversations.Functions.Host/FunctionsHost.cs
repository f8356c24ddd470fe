using System.Net;
using System.Net.Sockets;
using Conversations.Functions.Host.Rpc;

namespace Conversations.Functions.Host;

/// <summary>
/// The host's life: start the worker, take it through init, metadata and load as the Functions host
/// does (GrpcWorkerChannel in Azure/azure-functions-host), serve requests until asked to stop or
/// until the worker dies, then stop the worker (WorkerTerminate, a grace period, then kill).
/// Exit code 0 after a requested stop, 1 when the worker failed to start or died.
/// </summary>
internal sealed class FunctionsHost(WebApplication app, HostArguments arguments)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>What the Functions host gives a worker to stop (WorkerConstants.WorkerTerminateGracePeriodInSeconds).</summary>
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger = app.Services.GetRequiredService<ILogger<FunctionsHost>>();
    private readonly WorkerChannel _channel = app.Services.GetRequiredService<WorkerChannel>();

    public async Task<int> RunAsync(IPEndPoint requestsEndpoint, IPEndPoint workerEndpoint)
    {
        var settings = LocalSettings.ReadValues(arguments.SettingsFile);
        using var worker = WorkerProcess.Start(arguments.AppDirectory, new Uri($"http://{workerEndpoint}/"), settings, _logger);
        // A dead worker's stream may end later than the process; nobody waits for it meanwhile.
        _ = worker.Exited.ContinueWith(_ => _channel.Close(), TaskScheduler.Default);

        HttpFunctions functions;
        try
        {
            (functions, var workerAddress) = await StartWorkerAsync(worker).WaitAsync(StartTimeout);
            app.Services.GetRequiredService<FunctionRequests>().Open(functions, workerAddress);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or SocketException)
        {
            HostLog.WorkerFailedToStart(_logger, e.Message);
            // Before the server stops: it would wait for the stream of a worker that still runs.
            worker.Kill();
            await app.StopAsync();
            return 1;
        }

        // The one line people and tests wait for.
        Console.Out.WriteLine($"Functions host listening on http://{requestsEndpoint}; {functions.Count} functions loaded; worker process {worker.Id}");
        if (arguments.ExitWhenInputCloses)
        {
            StopWhenInputCloses(app.Lifetime);
        }

        var stopRequested = new TaskCompletionSource();
        using var registration = app.Lifetime.ApplicationStopping.Register(stopRequested.SetResult);
        var exitCode = 0;
        if (await Task.WhenAny(worker.Exited, stopRequested.Task) == worker.Exited)
        {
            HostLog.WorkerDied(_logger, await worker.Exited);
            exitCode = 1;
        }
        else
        {
            // The worker finishes the requests it holds before it exits; they finish here too.
            _channel.Terminate(GracePeriod);
            var stopped = await worker.WaitOrKillAsync(GracePeriod, _logger);
            HostLog.WorkerStopped(_logger, stopped);
        }

        await app.StopAsync();
        return exitCode;
    }

    private async Task<(HttpFunctions Functions, Uri WorkerAddress)> StartWorkerAsync(WorkerProcess worker)
    {
        if (await Task.WhenAny(_channel.Started, worker.Exited) != _channel.Started)
        {
            throw new InvalidOperationException($"the worker process exited with code {await worker.Exited} before it connected.");
        }

        var init = await _channel.InitializeAsync(arguments.AppDirectory);
        Require(init?.Result, "initialize");
        // The worker's own HTTP server, where the ASP.NET Core integration takes requests.
        if (!init!.Capabilities.TryGetValue("HttpUri", out var httpUri))
        {
            throw new InvalidOperationException("the worker did not report an HttpUri: this host runs only apps that use the ASP.NET Core integration (ConfigureFunctionsWebApplication).");
        }

        var metadata = await _channel.GetMetadataAsync(arguments.AppDirectory);
        Require(metadata?.Result, "index its functions");
        if (metadata!.UseDefaultMetadataIndexing)
        {
            throw new InvalidOperationException("the worker asked the host to index its functions, which this host does not do.");
        }

        var loads = await Task.WhenAll(metadata.FunctionMetadataResults.Select(_channel.LoadAsync));
        foreach (var (function, load) in metadata.FunctionMetadataResults.Zip(loads))
        {
            Require(load?.Result, $"load {function.Name}");
        }

        var address = new Uri(httpUri);
        await WaitUntilListeningAsync(address, worker.Exited);
        return (HttpFunctions.From(metadata.FunctionMetadataResults, HostJson.RoutePrefix(arguments.AppDirectory)), address);
    }

    private static void Require(StatusResult? result, string step)
    {
        if (result is null)
        {
            throw new InvalidOperationException($"the worker ended before it could {step}.");
        }

        if (result.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"the worker could not {step}: {result.Exception?.Message ?? result.Result}");
        }
    }

    /// <summary>The worker starts its HTTP server after it connects; the first request must not race it.</summary>
    private static async Task WaitUntilListeningAsync(Uri address, Task workerExited)
    {
        while (true)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(address.Host, address.Port);
                return;
            }
            catch (SocketException) when (!workerExited.IsCompleted)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>
    /// For a parent process (a test run) that must not leave the host behind: when it exits, its end
    /// of our standard input closes, and the host stops as if asked to.
    /// </summary>
    private static void StopWhenInputCloses(IHostApplicationLifetime lifetime) =>
        _ = Task.Factory.StartNew(
            () =>
            {
                using var input = Console.OpenStandardInput();
                var buffer = new byte[256];
                while (input.Read(buffer) > 0)
                {
                }

                lifetime.StopApplication();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
}
