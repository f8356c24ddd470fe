using System.Globalization;
using System.Text;

namespace Conversations.Bench;

/// <summary>
/// The Dify list through the published Functions app under the local Functions host, against the
/// self-hosted server's and against a Functions baseline: an isolated-worker app on the same worker
/// packages, under the same host, answering a precomputed body of the Dify page's size. What the
/// Functions path costs that is ours, and what is the worker's and the host's anyway.
/// </summary>
internal static class FunctionsServing
{
    private const double CpuTarget = 1.5;

    public static async Task AppendAsync(StringBuilder report, ServingOptions options, ServerSettings settings, string path, Load server, string body)
    {
        await using var host = await ServerProcess.StartFunctionsHostAsync(options.FunctionsHostDll, options.FunctionsAppDirectory, settings.Environment, path, settings.Key);
        await using var baselineHost = await ServerProcess.StartFunctionsHostAsync(options.FunctionsHostDll, options.FunctionsBaselineDirectory, ServerSettings.FunctionsBaseline(body), "/baseline", null);
        var loads = await Load.MeasureAsync([Target.Of(host, path, settings.Key), Target.Of(baselineHost, "/baseline", null)], options);
        var (functions, baseline) = (loads[0], loads[1]);

        report.AppendLine("#### The same Dify list through the Functions app (local Functions host)");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"The published Functions app's worker under tests/Conversations.Functions.Host (Release), which forwards each request to the worker's own Kestrel and sends the invocation over gRPC, as the Functions host does; the Functions baseline (bench/FunctionsBaseline) is an isolated-worker app on the same worker packages under the same host, answering the precomputed {new FileInfo(body).Length:N0}-byte body. CPU per request is the host's and the worker's together.");
        report.AppendLine();
        report.AppendLine("| path " + Load.Header("Functions baseline") + " host µs | worker µs |");
        report.AppendLine("| --- " + Load.Alignment + " ---: | ---: |");
        report.AppendLine("| self-hosted server " + server.Cells(baseline) + " – | – |");
        report.AppendLine("| Functions baseline " + baseline.Cells(baseline) + Split(baseline));
        report.AppendLine("| Functions app " + functions.Cells(baseline) + Split(functions));
        var ratio = functions.CpuPerRequest / baseline.CpuPerRequest;
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"The Dify list through our Functions app against the Functions baseline, CPU per request: **{ratio:F2}×** (target ≤ {CpuTarget:F1}×: {(ratio <= CpuTarget ? "met" : "missed")}); through the Functions app against self-hosted: {functions.CpuPerRequest / server.CpuPerRequest:F2}×.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Peak working set under this load: host {host.PeakWorkingSetOf(0) / (1024 * 1024)} MiB and worker {host.PeakWorkingSetOf(1) / (1024 * 1024)} MiB; baseline's host {baselineHost.PeakWorkingSetOf(0) / (1024 * 1024)} MiB and worker {baselineHost.PeakWorkingSetOf(1) / (1024 * 1024)} MiB.");
    }

    private static string Split(Load load) => string.Create(CultureInfo.InvariantCulture, $" {load.CpuPerRequestByProcess[0]:F1} | {load.CpuPerRequestByProcess[1]:F1} |");
}
