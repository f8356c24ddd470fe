using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Conversations.Testing;

/// <summary>
/// The built self-hosted server (<c>dotnet Conversations.Server.dll</c>) as a child process, as an
/// operator runs it. It listens on a port the system picks (<c>--urls http://127.0.0.1:0</c>) and is
/// ready when it says where it listens, so no test picks a port that another process can take first.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process) => _process = process;

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every line the server printed so far, standard output and error.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>
    /// Starts <paramref name="dll"/> in <paramref name="workingDirectory"/> with <paramref name="environment"/>
    /// added to this process's (a null value removes one), and waits until it listens; fails with its output if it does not.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string dll, string workingDirectory, IReadOnlyDictionary<string, string?> environment, TimeSpan startLimit)
    {
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The line that says where it listens, whatever the other log levels.
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException($"dotnet {dll} did not start."));
        server._process.OutputDataReceived += (_, e) => server.Collect(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Collect(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            server.BaseAddress = await server._listening.Task.WaitAsync(startLimit);
            return server;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"The server did not listen within {startLimit}: {e.Message}\n{string.Join('\n', server._output)}", e);
        }
    }

    /// <summary>Ends the process at once, as SIGKILL does (what Process.Kill sends on Linux): no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            // Its output ended: it exited before it listened, or is exiting now.
            _listening.TrySetException(new InvalidOperationException("the server exited."));
            return;
        }

        _output.Enqueue(line);
        if (ListeningLine().Match(line) is { Success: true } listening)
        {
            _listening.TrySetResult(new Uri(listening.Groups[1].Value + "/"));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://[^\s/]+)")]
    private static partial Regex ListeningLine();
}
