using System.Globalization;

namespace Conversations.Bench;

/// <summary>
/// An endpoint's figures over all rounds: requests/s, server CPU µs per request (in all, and per
/// process of <see cref="ServerProcess.ProcessIds"/>), p50 and p99 in ms, non-2xx answers.
/// </summary>
internal sealed record Load(double RequestsPerSecond, double CpuPerRequest, IReadOnlyList<double> CpuPerRequestByProcess, double P50, double P99, long Errors)
{
    /// <summary>
    /// Warms every target up, then measures them in rounds that take turns, so noise from other work
    /// on the machine lands on all of them alike (the runtime recompiles hot methods for some seconds
    /// after start, hence the warm-up).
    /// </summary>
    public static async Task<Load[]> MeasureAsync(IReadOnlyList<Target> targets, ServingOptions options)
    {
        foreach (var target in targets)
        {
            await PrepareAsync(target);
            await Wrk.RunAsync(target, options.WarmUp, latency: false);
        }

        var rounds = targets.Select(_ => new List<(WrkRun Run, TimeSpan[] Cpu)>()).ToArray();
        for (var round = 0; round < options.Rounds; round++)
        {
            for (var i = 0; i < targets.Count; i++)
            {
                await PrepareAsync(targets[i]);
                var server = targets[i].Server;
                var before = server.ProcessIds.Select((_, p) => server.CpuTimeOf(p)).ToArray();
                var run = await Wrk.RunAsync(targets[i], options.Duration, latency: true);
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

    private static Task PrepareAsync(Target target) => target.Prepare?.Invoke() ?? Task.CompletedTask;

    /// <summary>The headings of <see cref="Cells"/>, naming what the ratios are against.</summary>
    public static string Header(string reference) => $"| requests/s | × {reference} | CPU µs/request | × {reference} | p50 (ms) | p99 (ms) | non-2xx |";
    public const string Alignment = "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |";

    /// <summary>The figures as table cells, ratios against <paramref name="reference"/>.</summary>
    public string Cells(Load reference) => string.Create(CultureInfo.InvariantCulture,
        $"| {RequestsPerSecond:N0} | {RequestsPerSecond / reference.RequestsPerSecond:F2} | {CpuPerRequest:F1} | {CpuPerRequest / reference.CpuPerRequest:F2} | {P50:F2} | {P99:F2} | {Errors} |");
}
