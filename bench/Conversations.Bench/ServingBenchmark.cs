using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Conversations.Bench;

/// <summary>
/// What the service adds to what ASP.NET Core costs anyway: wrk (a separate process, keep-alive,
/// fixed duration after a warm-up) against each dialect's list and against a minimal app that
/// answers a precomputed body of the same size, as requests per second and as the server's CPU time
/// per request. Then the same Dify list through the Functions app under the local Functions host,
/// against the self-hosted server.
/// </summary>
internal static partial class ServingBenchmark
{
    private const double ThroughputTarget = 0.5;
    private const double CpuTarget = 3.0;

    private static readonly (string Dialect, string Path)[] Lists =
    [
        ("Dify", $"/v1/conversations?user={ServerSettings.User}&limit=20"),
        ("OpenAI", "/openai/v1/conversations?limit=20"),
        ("Mielto", $"/api/v1/conversations?limit=20&user_id={ServerSettings.User}"),
    ];

    public static async Task<string> RunAsync(ServingOptions options)
    {
        var settings = ServerSettings.For(options.Database);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"### Serving: wrk, 2 threads, 32 keep-alive connections, {options.Duration.TotalSeconds:F0} s after a 3 s warm-up (published builds)");
        report.AppendLine();

        LoadRun baselineRun;
        var runs = new List<(string Dialect, string Path, LoadRun Run)>();
        long serverMemory, baselineMemory;
        var body = Path.GetTempFileName();
        try
        {
            await using (var server = await ServerProcess.StartAppAsync(options.ServerDll, settings.Environment, Lists[0].Path, settings.Key))
            {
                using (var client = new HttpClient { BaseAddress = server.Address })
                {
                    client.DefaultRequestHeaders.Authorization = new("Bearer", settings.Key);
                    await File.WriteAllBytesAsync(body, await client.GetByteArrayAsync(Lists[0].Path));
                }

                await using var baseline = await ServerProcess.StartAppAsync(options.BaselineDll, new Dictionary<string, string> { ["BASELINE_BODY"] = body }, "/baseline", null);
                report.AppendLine(CultureInfo.InvariantCulture, $"Baseline: a minimal ASP.NET Core app answering a precomputed {new FileInfo(body).Length:N0}-byte body (the Dify page's size). CPU per request is the server process's user + system CPU time over the timed window, divided by the requests wrk completed in it.");
                baselineRun = await WrkAsync(baseline, "/baseline", null, options.Duration);
                foreach (var (dialect, path) in Lists)
                {
                    runs.Add((dialect, path, await WrkAsync(server, path, settings.Key, options.Duration)));
                }

                serverMemory = server.PeakWorkingSet;
                baselineMemory = baseline.PeakWorkingSet;
            }
        }
        finally
        {
            File.Delete(body);
        }

        report.AppendLine();
        report.AppendLine("| endpoint | requests/s | × baseline | CPU µs/request | × baseline | p50 (ms) | p99 (ms) | non-2xx |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| baseline `/baseline` | {baselineRun.RequestsPerSecond:N0} | 1.00 | {baselineRun.CpuPerRequest:F0} | 1.00 | {baselineRun.P50:F2} | {baselineRun.P99:F2} | {baselineRun.Errors} |");
        foreach (var (dialect, path, run) in runs)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {dialect} `{path}` | {run.RequestsPerSecond:N0} | {run.RequestsPerSecond / baselineRun.RequestsPerSecond:F2} | {run.CpuPerRequest:F0} | {run.CpuPerRequest / baselineRun.CpuPerRequest:F2} | {run.P50:F2} | {run.P99:F2} | {run.Errors} |");
        }

        var slowest = runs.Min(r => r.Run.RequestsPerSecond) / baselineRun.RequestsPerSecond;
        var costliest = runs.Max(r => r.Run.CpuPerRequest) / baselineRun.CpuPerRequest;
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Lowest throughput against the baseline: **{slowest:F2}×** (target ≥ {ThroughputTarget:F1}×: {Verdict(slowest >= ThroughputTarget)}).");
        report.AppendLine(CultureInfo.InvariantCulture, $"Highest CPU per request against the baseline: **{costliest:F2}×** (target ≤ {CpuTarget:F0}×: {Verdict(costliest <= CpuTarget)}).");
        report.AppendLine(CultureInfo.InvariantCulture, $"Peak working set under this load: server {serverMemory / (1024 * 1024)} MiB, baseline {baselineMemory / (1024 * 1024)} MiB.");
        report.AppendLine();
        await AppendFunctionsAsync(report, options, settings, runs[0].Run);
        return report.ToString();
    }

    /// <summary>The Dify list through the Functions app under the local Functions host, against the self-hosted server's.</summary>
    private static async Task AppendFunctionsAsync(StringBuilder report, ServingOptions options, ServerSettings settings, LoadRun server)
    {
        var (_, path) = Lists[0];
        await using var host = await ServerProcess.StartFunctionsHostAsync(options.FunctionsHostDll, options.FunctionsAppDirectory, settings.Environment, path, settings.Key);
        var functions = await WrkAsync(host, path, settings.Key, options.Duration);
        report.AppendLine("#### The same Dify list through the Functions app (local Functions host)");
        report.AppendLine();
        report.AppendLine("The published Functions app's worker under tests/Conversations.Functions.Host (Release), which forwards each request to the worker's own Kestrel and sends the invocation over gRPC, as the Functions host does. Its CPU per request is the host's and the worker's together: the proxy hop, the invocation messages, and the worker's pipeline and function.");
        report.AppendLine();
        report.AppendLine("| path | requests/s | × self-hosted | CPU µs/request | × self-hosted | p50 (ms) | p99 (ms) | non-2xx |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| self-hosted server | {server.RequestsPerSecond:N0} | 1.00 | {server.CpuPerRequest:F0} | 1.00 | {server.P50:F2} | {server.P99:F2} | {server.Errors} |");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| Functions host + worker | {functions.RequestsPerSecond:N0} | {functions.RequestsPerSecond / server.RequestsPerSecond:F2} | {functions.CpuPerRequest:F0} | {functions.CpuPerRequest / server.CpuPerRequest:F2} | {functions.P50:F2} | {functions.P99:F2} | {functions.Errors} |");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Peak working set under this load: host {host.PeakWorkingSetOf(0) / (1024 * 1024)} MiB, worker {host.PeakWorkingSetOf(1) / (1024 * 1024)} MiB.");
    }

    private static string Verdict(bool met) => met ? "met" : "missed";

    /// <summary>One timed wrk run after a warm-up, with the CPU the server's processes spent meanwhile.</summary>
    private static async Task<LoadRun> WrkAsync(ServerProcess server, string path, string? key, TimeSpan duration)
    {
        var url = new Uri(server.Address, path).ToString();
        var authorization = key is null ? Array.Empty<string>() : ["-H", $"Authorization: Bearer {key}"];
        await RunWrkAsync([.. authorization, "-t2", "-c32", "-d3s", url]);
        var before = server.CpuTime;
        var output = await RunWrkAsync([.. authorization, "-t2", "-c32", $"-d{(int)duration.TotalSeconds}s", "--latency", url]);
        var cpu = server.CpuTime - before;
        var requests = long.Parse(Completed().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        return new LoadRun(
            double.Parse(Rate().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            cpu.TotalMicroseconds / requests,
            Percentile(output, "50%"),
            Percentile(output, "99%"),
            NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    private static double Percentile(string output, string label)
    {
        var match = Regex.Match(output, $@"^\s+{Regex.Escape(label)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    private static async Task<string> RunWrkAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("wrk", arguments) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (bench/run.sh installs it).");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"wrk failed with code {process.ExitCode}: {output}");
    }

    /// <summary>A timed load: requests/s, server CPU microseconds per request, p50 and p99 in ms, non-2xx answers.</summary>
    private sealed record LoadRun(double RequestsPerSecond, double CpuPerRequest, double P50, double P99, long Errors);

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex Rate();

    [GeneratedRegex(@"(\d+) requests in ")]
    private static partial Regex Completed();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();
}
