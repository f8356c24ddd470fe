using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Conversations.Api.Auth;

namespace Conversations.Bench;

/// <summary>
/// What the service adds to what ASP.NET Core costs anyway: wrk (a separate process, keep-alive,
/// fixed duration after a warm-up) against each dialect's list and against a minimal app that
/// answers a precomputed body of the same size. Also start-up and the server's peak memory.
/// </summary>
internal static partial class ServingBenchmark
{
    private const string Tenant = "bench";

    public static async Task<string> RunAsync(string serverDll, string baselineDll, string database, TimeSpan duration)
    {
        var key = "bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__Provider"] = "Sqlite",
            ["Storage__Sqlite__Path"] = database,
            ["Auth__ApiKeys__0__Tenant"] = Tenant,
            ["Auth__ApiKeys__0__KeySha256"] = ApiKeyAuthenticator.HashKey(key),
            ["Cursors__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var lists = new[]
        {
            ("Dify", "/v1/conversations?user=u&limit=20"),
            ("OpenAI", "/openai/v1/conversations?limit=20"),
            ("Mielto", "/api/v1/conversations?limit=20&user_id=u"),
        };

        await using var server = await ServerProcess.StartAsync(serverDll, environment, lists[0].Item2, key);
        using var client = new HttpClient { BaseAddress = server.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        var body = Path.GetTempFileName();
        await File.WriteAllBytesAsync(body, await client.GetByteArrayAsync(lists[0].Item2));
        await using var baseline = await ServerProcess.StartAsync(baselineDll, new Dictionary<string, string> { ["BASELINE_BODY"] = body }, "/baseline", null);

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"### Serving overhead: wrk, 2 threads, 32 keep-alive connections, {duration.TotalSeconds:F0} s after a 3 s warm-up");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Baseline: a minimal ASP.NET Core app answering a precomputed {new FileInfo(body).Length:N0}-byte body (the Dify page's size).");
        report.AppendLine();
        report.AppendLine("| endpoint | requests/s | × baseline | p50 (ms) | p99 (ms) | non-2xx |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        var baselineRun = await WrkAsync(new Uri(baseline.Address, "/baseline"), null, duration);
        report.AppendLine(CultureInfo.InvariantCulture, $"| baseline `/baseline` | {baselineRun.RequestsPerSecond:N0} | 1.00 | {baselineRun.P50:F2} | {baselineRun.P99:F2} | {baselineRun.Errors} |");
        var worst = double.MaxValue;
        foreach (var (dialect, path) in lists)
        {
            var run = await WrkAsync(new Uri(server.Address, path), key, duration);
            var ratio = run.RequestsPerSecond / baselineRun.RequestsPerSecond;
            worst = Math.Min(worst, ratio);
            report.AppendLine(CultureInfo.InvariantCulture, $"| {dialect} `{path}` | {run.RequestsPerSecond:N0} | {ratio:F2} | {run.P50:F2} | {run.P99:F2} | {run.Errors} |");
        }

        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Lowest throughput against the baseline: **{worst:F2}×** (target ≥ 0.5×: {(worst >= 0.5 ? "met" : "missed")}).");
        report.AppendLine(CultureInfo.InvariantCulture, $"Start-up to first 200: server {server.StartupTime.TotalMilliseconds:F0} ms (a list call: auth, SQLite open and migrate check), baseline {baseline.StartupTime.TotalMilliseconds:F0} ms; **{server.StartupTime / baseline.StartupTime:F2}×**.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Peak working set under this load: server {server.PeakWorkingSet / (1024 * 1024)} MiB, baseline {baseline.PeakWorkingSet / (1024 * 1024)} MiB.");
        File.Delete(body);
        return report.ToString();
    }

    private static async Task<(double RequestsPerSecond, double P50, double P99, long Errors)> WrkAsync(Uri url, string? key, TimeSpan duration)
    {
        var authorization = key is null ? Array.Empty<string>() : ["-H", $"Authorization: Bearer {key}"];
        await RunWrkAsync([.. authorization, "-t2", "-c32", "-d3s", url.ToString()]);
        var output = await RunWrkAsync([.. authorization, "-t2", "-c32", $"-d{(int)duration.TotalSeconds}s", "--latency", url.ToString()]);
        var rate = double.Parse(Rate().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var errors = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return (rate, Percentile(output, "50%"), Percentile(output, "99%"), errors);
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
        return output;
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex Rate();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();
}
