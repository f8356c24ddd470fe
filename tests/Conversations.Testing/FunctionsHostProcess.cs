using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Conversations.Testing;

/// <summary>
/// The real Functions app (functions/Conversations.Functions, as this test run built it) served by the
/// local Functions host (tests/Conversations.Functions.Host) on a free port. The settings become the
/// worker's environment (sections joined with <c>__</c>). Test projects that use it reference both
/// projects with <c>ReferenceOutputAssembly="false"</c>, so that they are built first.
/// Disposing stops the host, which stops its worker; if this process dies first, the host sees its
/// standard input close and stops all the same, so neither outlives the test run.
/// </summary>
public sealed partial class FunctionsHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly string _settingsFile;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Match> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FunctionsHostProcess(Process process, string settingsFile)
    {
        _process = process;
        _settingsFile = settingsFile;
        Exited = WaitForExitCodeAsync(process);
    }

    /// <summary>Where the host takes requests, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public int HostProcessId => _process.Id;

    public int WorkerProcessId { get; private set; }

    /// <summary>Completes with the host's exit code.</summary>
    public Task<int> Exited { get; }

    /// <summary>Everything the host (and its worker) printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the host and waits until it says it serves; fails with its output if it does not.</summary>
    public static async Task<FunctionsHostProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var settingsFile = Path.Combine(Path.GetTempPath(), $"functions-host-settings-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(settingsFile, JsonSerializer.Serialize(new { IsEncrypted = false, Values = settings }));

        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var hostAssembly = Path.Combine(BuildOutput.Of("tests", "Conversations.Functions.Host"), "Conversations.Functions.Host.dll");
        foreach (var argument in new[] { hostAssembly, "--app", AppDirectory, "--port", "0", "--settings", settingsFile, "--exit-when-input-closes" })
        {
            start.ArgumentList.Add(argument);
        }

        var host = new FunctionsHostProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."), settingsFile);
        host._process.OutputDataReceived += (_, line) => host.Collect(line.Data);
        host._process.ErrorDataReceived += (_, line) => host.Collect(line.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();

        Task? started;
        try
        {
            started = await Task.WhenAny(host._ready.Task, host.Exited).WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            started = null;
        }

        if (started != host._ready.Task)
        {
            var why = started == host.Exited ? $"exited with code {await host.Exited}" : $"did not say it was ready within {StartTimeout}";
            var output = host.Output;
            await host.DisposeAsync();
            throw new InvalidOperationException($"The local Functions host {why}. Its output:{Environment.NewLine}{output}");
        }

        var ready = await host._ready.Task;
        host.BaseAddress = new Uri(ready.Groups["address"].Value + "/");
        host.WorkerProcessId = int.Parse(ready.Groups["worker"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return host;
    }

    /// <summary>The Functions app's build output: functions/Conversations.Functions/bin/&lt;Configuration&gt;/&lt;framework&gt;.</summary>
    public static string AppDirectory => BuildOutput.Of("functions", "Conversations.Functions");

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // The host stops when its input closes (--exit-when-input-closes): the graceful way.
            _process.StandardInput.Close();
            try
            {
                await Exited.WaitAsync(StopTimeout);
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        await Exited;
        _process.Dispose();
        File.Delete(_settingsFile);
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ReadyLine().Match(line) is { Success: true } ready)
        {
            _ready.TrySetResult(ready);
        }
    }

    private static async Task<int> WaitForExitCodeAsync(Process process)
    {
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    [GeneratedRegex(@"^Functions host listening on (?<address>http://\S+); \d+ functions loaded; worker process (?<worker>\d+)$")]
    private static partial Regex ReadyLine();
}
