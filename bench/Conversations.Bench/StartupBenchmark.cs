using System.Globalization;
using System.Text;

namespace Conversations.Bench;

/// <summary>
/// Cold starts of the published builds, from process start to the first 200: the baseline on its
/// endpoint, the server on a Dify list call, and under the local Functions host the Functions
/// baseline on its endpoint and the Functions app on a Dify list call. Rounds are interleaved, so a
/// burst of noise on a shared machine lands on all of them alike, and the figures are medians.
/// </summary>
internal static class StartupBenchmark
{
    private const double Target = 1.3;
    private const double FunctionsTarget = 1.3;

    public static async Task<string> RunAsync(ServingOptions options)
    {
        var settings = ServerSettings.For(options.Database);
        var list = $"/v1/conversations?user={ServerSettings.User}&limit=20";
        var body = Path.GetTempFileName();
        await File.WriteAllTextAsync(body, """{"data":[]}""");
        var starts = new (string Name, Func<Task<ServerProcess>> Start)[]
        {
            ("baseline `/baseline`", () => ServerProcess.StartAppAsync(options.BaselineDll, new Dictionary<string, string> { ["BASELINE_BODY"] = body }, "/baseline", null)),
            ("server, Dify list", () => ServerProcess.StartAppAsync(options.ServerDll, settings.Environment, list, settings.Key)),
            ("Functions baseline (host + worker) `/baseline`", () => ServerProcess.StartFunctionsHostAsync(options.FunctionsHostDll, options.FunctionsBaselineDirectory, ServerSettings.FunctionsBaseline(body), "/baseline", null)),
            ("Functions app (host + worker), Dify list", () => ServerProcess.StartFunctionsHostAsync(options.FunctionsHostDll, options.FunctionsAppDirectory, settings.Environment, list, settings.Key)),
        };
        var samples = starts.Select(_ => new List<(double Wall, double Cpu)>()).ToArray();
        try
        {
            // One round first, not counted: it brings every file into the page cache and warms this
            // process's own HTTP client, which would otherwise make the first start look slower.
            for (var round = -1; round < options.Rounds; round++)
            {
                for (var i = 0; i < starts.Length; i++)
                {
                    await using var server = await starts[i].Start();
                    if (round >= 0)
                    {
                        samples[i].Add((server.StartupTime.TotalMilliseconds, server.StartupCpu.TotalMilliseconds));
                    }
                }
            }
        }
        finally
        {
            File.Delete(body);
        }

        var medians = samples.Select(s => (Wall: Statistics.Median(s.Select(x => x.Wall)), Cpu: Statistics.Median(s.Select(x => x.Cpu)), Min: s.Min(x => x.Wall))).ToArray();
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"### Start-up: process start to the first 200 (published builds, median of {options.Rounds} cold starts)");
        report.AppendLine();
        report.AppendLine("Each start is a new process; the client polls every 5 ms. CPU is the processes' user + system time when the first 200 arrived.");
        report.AppendLine();
        report.AppendLine("| process, first call | first 200 (ms) | fastest (ms) | × baseline | CPU by then (ms) | × baseline |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (var i = 0; i < starts.Length; i++)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {starts[i].Name} | {medians[i].Wall:F0} | {medians[i].Min:F0} | {medians[i].Wall / medians[0].Wall:F2} | {medians[i].Cpu:F0} | {medians[i].Cpu / medians[0].Cpu:F2} |");
        }

        var ratio = medians[1].Wall / medians[0].Wall;
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Server start-up to the first list answer against the baseline's: **{ratio:F2}×** (target ≤ {Target:F1}×: {(ratio <= Target ? "met" : "missed")}).");
        var functions = medians[3].Wall / medians[2].Wall;
        report.AppendLine(CultureInfo.InvariantCulture, $"Functions app start-up to the first list answer against the Functions baseline's first answer, under the same local host: **{functions:F2}×** (target ≤ {FunctionsTarget:F1}×: {(functions <= FunctionsTarget ? "met" : "missed")}). Both include the local host's own start before it starts the worker, which in Azure is already running.");
        return report.ToString();
    }
}
