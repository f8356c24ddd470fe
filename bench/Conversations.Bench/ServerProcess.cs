using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Conversations.Bench;

/// <summary>
/// A server (ours, the baseline, or the local Functions host with its worker) as a child process on a
/// free loopback port, stopped on dispose. It counts as started at its first 200 on the probe path.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(5);

    private readonly Process _process;
    private readonly TaskCompletionSource<int> _worker = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Process start to the first 200 on the probe path, as the client saw it.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>CPU the processes had used when the first 200 arrived.</summary>
    public TimeSpan StartupCpu { get; private set; }

    /// <summary>The process and, under the local Functions host, the worker process it started.</summary>
    public IReadOnlyList<int> ProcessIds { get; private set; } = [];

    /// <summary>
    /// User plus system CPU time of the processes so far: on Linux, utime + stime of /proc/&lt;pid&gt;/stat,
    /// which <see cref="Process.TotalProcessorTime"/> reads.
    /// </summary>
    public TimeSpan CpuTime => Enumerable.Range(0, ProcessIds.Count).Aggregate(TimeSpan.Zero, (sum, i) => sum + CpuTimeOf(i));

    /// <summary>The CPU time of the process at <paramref name="index"/> in <see cref="ProcessIds"/>.</summary>
    public TimeSpan CpuTimeOf(int index)
    {
        using var process = Process.GetProcessById(ProcessIds[index]);
        return process.TotalProcessorTime;
    }

    /// <summary>The working set of each process now, added up.</summary>
    public long WorkingSet => ProcessIds.Sum(id =>
    {
        using var process = Process.GetProcessById(id);
        return process.WorkingSet64;
    });

    /// <summary>The peak working set of each process, added up.</summary>
    public long PeakWorkingSet => Enumerable.Range(0, ProcessIds.Count).Sum(PeakWorkingSetOf);

    /// <summary>The peak working set of the process at <paramref name="index"/> in <see cref="ProcessIds"/>.</summary>
    public long PeakWorkingSetOf(int index)
    {
        using var process = Process.GetProcessById(ProcessIds[index]);
        return process.PeakWorkingSet64;
    }

    /// <summary>An ASP.NET Core app (ours or the baseline), told where to listen with <c>--urls</c>.</summary>
    public static Task<ServerProcess> StartAppAsync(string dll, IReadOnlyDictionary<string, string> environment, string probePath, string? key) =>
        StartAsync([Path.GetFullPath(dll), "--urls", "http://127.0.0.1:{port}"], environment, probePath, key, hasWorker: false);

    /// <summary>
    /// The local Functions host serving the Functions app in <paramref name="appDirectory"/>; the
    /// environment reaches the worker, which inherits the host's. It stops with this process.
    /// </summary>
    public static Task<ServerProcess> StartFunctionsHostAsync(string hostDll, string appDirectory, IReadOnlyDictionary<string, string> environment, string probePath, string? key) =>
        StartAsync([Path.GetFullPath(hostDll), "--app", Path.GetFullPath(appDirectory), "--port", "{port}", "--exit-when-input-closes"], environment, probePath, key, hasWorker: true);

    private static async Task<ServerProcess> StartAsync(string[] arguments, IReadOnlyDictionary<string, string> environment, string probePath, string? key, bool hasWorker)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            // Where a deployed app runs. The content root is the working directory, and the host
            // watches it (recursively) for configuration changes: started from a large folder such as
            // this repository's root, with its node_modules, every process takes ~100 ms longer.
            WorkingDirectory = Path.GetDirectoryName(arguments[0]),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var client = new HttpClient { BaseAddress = address };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        }

        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        var server = new ServerProcess(process, address);
        process.OutputDataReceived += (_, e) => server.Read(e.Data);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {process.ExitCode}.");
            }

            try
            {
                using var response = await client.GetAsync(probePath);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    server.StartupTime = clock.Elapsed;
                    // The ready line comes before the host serves, but its reading may lag the answer.
                    server.ProcessIds = hasWorker ? [process.Id, await server._worker.Task.WaitAsync(TimeSpan.FromSeconds(10))] : [process.Id];
                    server.StartupCpu = server.CpuTime;
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(ProbeInterval);
        }

        await server.DisposeAsync();
        throw new TimeoutException($"The server did not answer 200 within {StartTimeout.TotalSeconds} s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Read(string? line)
    {
        if (line is not null && WorkerLine().Match(line) is { Success: true } ready)
        {
            _worker.TrySetResult(int.Parse(ready.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The local Functions host's ready line ends with the worker's process id.
    [GeneratedRegex(@"^Functions host listening on \S+; \d+ functions loaded; worker process (\d+)$")]
    private static partial Regex WorkerLine();
}
