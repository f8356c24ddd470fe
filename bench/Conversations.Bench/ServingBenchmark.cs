using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Conversations.Bench;

/// <summary>
/// What the service adds to what ASP.NET Core costs anyway: wrk (a separate process, keep-alive)
/// against each dialect's list and against a minimal app that answers a precomputed body of the same
/// size, as requests per second and as the server's CPU time per request. Then the same Dify list
/// through the Functions app under the local Functions host, against the self-hosted server.
/// Every endpoint is warmed up first (the runtime recompiles hot methods for some seconds after
/// start), then measured in rounds that take turns, so noise from other work on the machine lands on
/// all of them alike.
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
        report.AppendLine(CultureInfo.InvariantCulture,
            $"### Serving: wrk, 2 threads, 32 keep-alive connections (published builds); each endpoint warmed up for {options.WarmUp.TotalSeconds:F0} s, then {options.Rounds} rounds of {options.Duration.TotalSeconds:F0} s taking turns");
        report.AppendLine();

        Load baseline;
        var lists = new List<(string Dialect, string Path, Load Load)>();
        long serverMemory, baselineMemory;
        var body = Path.GetTempFileName();
        try
        {
            await using var server = await ServerProcess.StartAppAsync(options.ServerDll, settings.Environment, Lists[0].Path, settings.Key);
            using (var client = new HttpClient { BaseAddress = server.Address })
            {
                client.DefaultRequestHeaders.Authorization = new("Bearer", settings.Key);
                await File.WriteAllBytesAsync(body, await client.GetByteArrayAsync(Lists[0].Path));
            }

            await using var baselineApp = await ServerProcess.StartAppAsync(options.BaselineDll, new Dictionary<string, string> { ["BASELINE_BODY"] = body }, "/baseline", null);
            report.AppendLine(CultureInfo.InvariantCulture, $"Baseline: a minimal ASP.NET Core app answering a precomputed {new FileInfo(body).Length:N0}-byte body (the Dify page's size). CPU per request is the server process's user + system CPU time over the measured windows, divided by the requests wrk completed in them; requests/s, p50 and p99 are medians of the rounds.");
            var targets = new List<Target> { new(baselineApp, "/baseline", null) };
            targets.AddRange(Lists.Select(l => new Target(server, l.Path, settings.Key)));
            var loads = await MeasureAsync(targets, options);
            baseline = loads[0];
            lists.AddRange(Lists.Select((l, i) => (l.Dialect, l.Path, loads[i + 1])));
            serverMemory = server.PeakWorkingSet;
            baselineMemory = baselineApp.PeakWorkingSet;
        }
        finally
        {
            File.Delete(body);
        }

        report.AppendLine();
        report.AppendLine("| endpoint | requests/s | × baseline | CPU µs/request | × baseline | p50 (ms) | p99 (ms) | non-2xx |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        report.AppendLine(Row("baseline `/baseline`", baseline, baseline));
        foreach (var (dialect, path, load) in lists)
        {
            report.AppendLine(Row($"{dialect} `{path}`", load, baseline));
        }

        var slowest = lists.Min(l => l.Load.RequestsPerSecond) / baseline.RequestsPerSecond;
        var costliest = lists.Max(l => l.Load.CpuPerRequest) / baseline.CpuPerRequest;
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Lowest throughput against the baseline: **{slowest:F2}×** (target ≥ {ThroughputTarget:F1}×: {Verdict(slowest >= ThroughputTarget)}).");
        report.AppendLine(CultureInfo.InvariantCulture, $"Highest CPU per request against the baseline: **{costliest:F2}×** (target ≤ {CpuTarget:F0}×: {Verdict(costliest <= CpuTarget)}).");
        report.AppendLine(CultureInfo.InvariantCulture, $"Peak working set under this load: server {serverMemory / (1024 * 1024)} MiB, baseline {baselineMemory / (1024 * 1024)} MiB.");
        report.AppendLine();
        await AppendFunctionsAsync(report, options, settings, lists[0].Load);
        return report.ToString();
    }

    /// <summary>The Dify list through the Functions app under the local Functions host, against the self-hosted server's.</summary>
    private static async Task AppendFunctionsAsync(StringBuilder report, ServingOptions options, ServerSettings settings, Load server)
    {
        var (_, path) = Lists[0];
        await using var host = await ServerProcess.StartFunctionsHostAsync(options.FunctionsHostDll, options.FunctionsAppDirectory, settings.Environment, path, settings.Key);
        var functions = (await MeasureAsync([new Target(host, path, settings.Key)], options))[0];
        report.AppendLine("#### The same Dify list through the Functions app (local Functions host)");
        report.AppendLine();
        report.AppendLine("The published Functions app's worker under tests/Conversations.Functions.Host (Release), which forwards each request to the worker's own Kestrel and sends the invocation over gRPC, as the Functions host does. Its CPU per request is the host's and the worker's together: the proxy hop, the invocation messages, and the worker's pipeline and function.");
        report.AppendLine();
        report.AppendLine("| path | requests/s | × self-hosted | CPU µs/request | × self-hosted | p50 (ms) | p99 (ms) | non-2xx |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        report.AppendLine(Row("self-hosted server", server, server));
        report.AppendLine(Row("Functions host + worker", functions, server));
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Of the CPU per request, the host took {functions.CpuPerRequestByProcess[0]:F1} µs and the worker {functions.CpuPerRequestByProcess[1]:F1} µs.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Peak working set under this load: host {host.PeakWorkingSetOf(0) / (1024 * 1024)} MiB, worker {host.PeakWorkingSetOf(1) / (1024 * 1024)} MiB.");
    }

    private static string Row(string name, Load load, Load reference) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {load.RequestsPerSecond:N0} | {load.RequestsPerSecond / reference.RequestsPerSecond:F2} | {load.CpuPerRequest:F1} | {load.CpuPerRequest / reference.CpuPerRequest:F2} | {load.P50:F2} | {load.P99:F2} | {load.Errors} |");

    private static string Verdict(bool met) => met ? "met" : "missed";

    /// <summary>Warms every target up, then measures them in rounds that take turns.</summary>
    private static async Task<Load[]> MeasureAsync(IReadOnlyList<Target> targets, ServingOptions options)
    {
        foreach (var target in targets)
        {
            await RunWrkAsync(target, options.WarmUp, latency: false);
        }

        var rounds = targets.Select(_ => new List<(WrkRun Run, TimeSpan[] Cpu)>()).ToArray();
        for (var round = 0; round < options.Rounds; round++)
        {
            for (var i = 0; i < targets.Count; i++)
            {
                var server = targets[i].Server;
                var before = server.ProcessIds.Select((_, p) => server.CpuTimeOf(p)).ToArray();
                var run = await RunWrkAsync(targets[i], options.Duration, latency: true);
                rounds[i].Add((run, server.ProcessIds.Select((_, p) => server.CpuTimeOf(p) - before[p]).ToArray()));
            }
        }

        return rounds.Select(r =>
        {
            var requests = r.Sum(x => x.Run.Requests);
            var byProcess = Enumerable.Range(0, r[0].Cpu.Length).Select(p => r.Sum(x => x.Cpu[p].TotalMicroseconds) / requests).ToArray();
            return new Load(
                Statistics.Median(r.Select(x => x.Run.RequestsPerSecond)),
                byProcess.Sum(),
                byProcess,
                Statistics.Median(r.Select(x => x.Run.P50)),
                Statistics.Median(r.Select(x => x.Run.P99)),
                r.Sum(x => x.Run.Errors));
        }).ToArray();
    }

    private static async Task<WrkRun> RunWrkAsync(Target target, TimeSpan duration, bool latency)
    {
        var arguments = new List<string> { "-t2", "-c32", $"-d{(int)duration.TotalSeconds}s" };
        if (target.Key is not null)
        {
            arguments.AddRange(["-H", $"Authorization: Bearer {target.Key}"]);
        }

        if (latency)
        {
            arguments.Add("--latency");
        }

        arguments.Add(new Uri(target.Server.Address, target.Path).ToString());
        var start = new ProcessStartInfo("wrk", arguments) { RedirectStandardOutput = true, UseShellExecute = false };
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
            NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    private static double Percentile(string output, string label)
    {
        var match = Regex.Match(output, $@"^\s+{Regex.Escape(label)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    private sealed record Target(ServerProcess Server, string Path, string? Key);

    /// <summary>One wrk run: requests completed, requests/s, p50 and p99 in ms, non-2xx answers.</summary>
    private sealed record WrkRun(long Requests, double RequestsPerSecond, double P50, double P99, long Errors);

    /// <summary>
    /// An endpoint's figures over all rounds: requests/s, server CPU µs per request (in all, and per
    /// process of <see cref="ServerProcess.ProcessIds"/>), p50 and p99 in ms, non-2xx answers.
    /// </summary>
    private sealed record Load(double RequestsPerSecond, double CpuPerRequest, IReadOnlyList<double> CpuPerRequestByProcess, double P50, double P99, long Errors);

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex Rate();

    [GeneratedRegex(@"(\d+) requests in ")]
    private static partial Regex Completed();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();
}
