using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Conversations.Bench;

/// <summary>
/// An endpoint under load: the server, the path, the headers every request carries, and what to do
/// before each run against it (switch the server's limits, say).
/// </summary>
internal sealed record Target(ServerProcess Server, string Path, IReadOnlyDictionary<string, string> Headers)
{
    public Func<Task>? Prepare { get; init; }

    public static Target Of(ServerProcess server, string path, string? key, IReadOnlyDictionary<string, string>? headers = null)
    {
        var all = new Dictionary<string, string>(headers ?? new Dictionary<string, string>());
        if (key is not null)
        {
            all["Authorization"] = $"Bearer {key}";
        }

        return new(server, path, all);
    }
}

/// <summary>One wrk run: requests completed, requests/s, p50 and p99 in ms, non-2xx answers, and wrk's whole output.</summary>
internal sealed record WrkRun(long Requests, double RequestsPerSecond, double P50, double P99, long Errors, string Output);

/// <summary>wrk (a separate process, keep-alive, 2 threads) against one target, optionally driven by a Lua script.</summary>
internal static partial class Wrk
{
    public static async Task<WrkRun> RunAsync(Target target, TimeSpan duration, bool latency, int connections = 32, string? script = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var arguments = new List<string> { "-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s" };
        foreach (var (name, value) in target.Headers)
        {
            arguments.AddRange(["-H", $"{name}: {value}"]);
        }

        if (latency)
        {
            arguments.Add("--latency");
        }

        if (script is not null)
        {
            arguments.AddRange(["-s", script]);
        }

        arguments.Add(new Uri(target.Server.Address, target.Path).ToString());
        var start = new ProcessStartInfo("wrk", arguments) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (bench/run.sh installs it).");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed with code {process.ExitCode}: {output}");
        }

        return new WrkRun(
            long.Parse(Completed().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(Rate().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            latency ? Percentile(output, "50%") : 0,
            latency ? Percentile(output, "99%") : 0,
            NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            output);
    }

    private static double Percentile(string output, string label)
    {
        var match = Regex.Match(output, $@"^\s+{Regex.Escape(label)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex Rate();

    [GeneratedRegex(@"(\d+) requests in ")]
    private static partial Regex Completed();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();
}
