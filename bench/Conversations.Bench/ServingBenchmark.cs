using System.Globalization;
using System.Text;
using Conversations.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conversations.Bench;

/// <summary>
/// What the service adds to what ASP.NET Core costs anyway: wrk against each dialect's list and an
/// item page, and against a minimal app that answers a precomputed body of the Dify page's size, as
/// requests per second and as the server's CPU time per request. The same endpoints are also served
/// by two more server processes with their limits switched on and off, for what the limiter costs.
/// Then the Functions path
/// (<see cref="FunctionsServing"/>).
/// </summary>
internal static class ServingBenchmark
{
    private const double ThroughputTarget = 0.5;
    private const double CpuTarget = 2.5;
    private const double LimiterTarget = 0.03;

    /// <summary>An OpenAI route, whose answers carry the limit headers when the limits are on.</summary>
    private const string LimitProbe = "/openai/v1/conversations?limit=1";

    /// <summary>The owner of the item page conversation (another user, so the lists stay as they are).</summary>
    private const string PageUser = ServerSettings.User + "-page";

    public static async Task<string> RunAsync(ServingOptions options)
    {
        var settings = ServerSettings.For(options.Database);
        var endpoints = await EndpointsAsync(options.Database);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"### Serving: wrk, 2 threads, 32 keep-alive connections (published builds); each endpoint warmed up for {options.WarmUp.TotalSeconds:F0} s, then {options.Rounds} rounds of {options.Duration.TotalSeconds:F0} s taking turns");
        report.AppendLine();

        var body = Path.GetTempFileName();
        try
        {
            Load baseline;
            var pages = new List<(Endpoint Endpoint, int Bytes, Load Served, Load[] On, Load[] Off)>();
            long serverMemory, baselineMemory;
            {
                await using var server = await ServerProcess.StartAppAsync(options.ServerDll, settings.Environment, endpoints[0].Path, settings.Key);
                // The limiter's cost is taken within each of two processes whose limits are switched
                // on and off between runs: two processes of one build differ by as much as it may cost.
                await using var first = await SwitchedLimitsServer.StartAsync(options.ServerDll, settings, LimitProbe);
                await using var second = await SwitchedLimitsServer.StartAsync(options.ServerDll, settings, LimitProbe);
                SwitchedLimitsServer[] switched = [first, second];
                var bytes = new List<byte[]>();
                foreach (var endpoint in endpoints)
                {
                    bytes.Add(await endpoint.FetchAsync(server, settings.Key));
                }

                await File.WriteAllBytesAsync(body, bytes[0]);
                await using var baselineApp = await ServerProcess.StartAppAsync(options.BaselineDll, new Dictionary<string, string> { ["BASELINE_BODY"] = body }, "/baseline", null);
                var targets = new List<Target> { Target.Of(baselineApp, "/baseline", null) };
                foreach (var endpoint in endpoints)
                {
                    targets.Add(Target.Of(server, endpoint.Path, settings.Key, endpoint.Headers));
                    foreach (var process in switched)
                    {
                        foreach (var on in new[] { true, false })
                        {
                            targets.Add(Target.Of(process.Server, endpoint.Path, settings.Key, endpoint.Headers) with { Prepare = () => process.SwitchAsync(on) });
                        }
                    }
                }

                var loads = await Load.MeasureAsync(targets, options);
                baseline = loads[0];
                const int PerEndpoint = 5;
                pages.AddRange(endpoints.Select((e, i) =>
                {
                    var at = 1 + (PerEndpoint * i);
                    return (e, bytes[i].Length, loads[at], new[] { loads[at + 1], loads[at + 3] }, new[] { loads[at + 2], loads[at + 4] });
                }));
                serverMemory = server.PeakWorkingSet;
                baselineMemory = baselineApp.PeakWorkingSet;
            }

            report.AppendLine(CultureInfo.InvariantCulture, $"Baseline: a minimal ASP.NET Core app answering a precomputed {SizeOf(body):N0}-byte body (the Dify page's size). CPU per request is the server process's user + system CPU time over the measured windows, divided by the requests wrk completed in them; requests/s, p50 and p99 are medians of the rounds. The server runs with rate limits on, at rates that never refuse (see bench/README.md).");
            report.AppendLine();
            report.AppendLine("| endpoint | page (bytes) " + Load.Header("baseline"));
            report.AppendLine("| --- | ---: " + Load.Alignment);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| baseline `/baseline` | {SizeOf(body):N0} ") + baseline.Cells(baseline));
            foreach (var (endpoint, size, served, _, _) in pages)
            {
                report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {endpoint.Name} `{endpoint.Shown}` | {size:N0} ") + served.Cells(baseline));
            }

            var lists = pages.Where(p => p.Endpoint.IsList).ToList();
            var slowest = pages.Min(p => p.Served.RequestsPerSecond) / baseline.RequestsPerSecond;
            var costliest = pages.Max(p => p.Served.CpuPerRequest) / baseline.CpuPerRequest;
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"Lowest throughput against the baseline: **{slowest:F2}×** (target ≥ {ThroughputTarget:F1}×: {Verdict(slowest >= ThroughputTarget)}).");
            report.AppendLine(CultureInfo.InvariantCulture, $"Highest CPU per request against the baseline: **{costliest:F2}×** (target ≤ {CpuTarget:F1}×: {Verdict(costliest <= CpuTarget)}).");
            report.AppendLine(CultureInfo.InvariantCulture, $"Non-2xx answers, all endpoints, all servers: {pages.Sum(p => p.Served.Errors + p.On.Concat(p.Off).Sum(l => l.Errors)) + baseline.Errors}.");
            report.AppendLine(CultureInfo.InvariantCulture, $"Peak working set under this load: server {serverMemory / (1024 * 1024)} MiB, baseline {baselineMemory / (1024 * 1024)} MiB.");
            report.AppendLine();
            report.AppendLine("#### What the rate limiter costs: the same endpoints with every limit off");
            report.AppendLine();
            report.AppendLine("Two more server processes of the same build, whose limits the benchmark switches on (at rates that never refuse) and off (every limit 0) through their appsettings.json between runs, taking turns in the same rounds: on and off are compared within each process. The difference is over both processes; the per-process columns show how far the two agree.");
            report.AppendLine();
            report.AppendLine("| endpoint | CPU µs/request, limits on | limits off | difference | process 1 | process 2 | requests/s on | off |");
            report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var (endpoint, _, _, on, off) in pages)
            {
                var (limitsOn, limitsOff) = (on.Average(l => l.CpuPerRequest), off.Average(l => l.CpuPerRequest));
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| {endpoint.Name} | {limitsOn:F1} | {limitsOff:F1} | {Change(limitsOn, limitsOff)} | {Change(on[0].CpuPerRequest, off[0].CpuPerRequest)} | {Change(on[1].CpuPerRequest, off[1].CpuPerRequest)} | {on.Average(l => l.RequestsPerSecond):N0} | {off.Average(l => l.RequestsPerSecond):N0} |");
            }

            var limiter = lists.Max(p => (p.On.Average(l => l.CpuPerRequest) / p.Off.Average(l => l.CpuPerRequest)) - 1);
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"Largest CPU per request with limits on against off, on the list endpoints: **{limiter:+0.0 %;-0.0 %}** (target ≤ {LimiterTarget:P0}: {Verdict(limiter <= LimiterTarget)}).");
            var admit = LimiterCall.NanosecondsPerAdmit();
            report.AppendLine(CultureInfo.InvariantCulture, $"The limiter's own call (`ApiRateLimiter.Admit`, both buckets, in process on one thread): {admit:F0} ns, {admit / 1000 / lists.Min(p => p.Off.Average(l => l.CpuPerRequest)):P1} of the cheapest list's CPU per request with limits off; the OpenAI headers it feeds are formatted on top.");
            report.AppendLine();
            await FunctionsServing.AppendAsync(report, options, settings, endpoints[0].Path, pages[0].Served, body);
        }
        finally
        {
            File.Delete(body);
        }

        return report.ToString();

        static long SizeOf(string file) => new FileInfo(file).Length;

        static string Change(double on, double off) => string.Create(CultureInfo.InvariantCulture, $"{(on / off) - 1:+0.0 %;-0.0 %}");
    }

    /// <summary>The pages measured: the three dialects' lists of the seeded user, and one item page.</summary>
    private static async Task<IReadOnlyList<Endpoint>> EndpointsAsync(string database)
    {
        using var store = new SqliteConversationStore($"Data Source={database}", NullLogger<SqliteConversationStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);
        var conversation = await ItemSeed.SeedAsync(database, store, PageUser, "Item page", 20, RealisticData.Message);
        return
        [
            new("Dify", $"/v1/conversations?user={ServerSettings.User}&limit=20"),
            new("OpenAI", "/openai/v1/conversations?limit=20", new Dictionary<string, string> { ["x-ms-user-isolation-key"] = ServerSettings.User }),
            new("Mielto", $"/api/v1/conversations?limit=20&user_id={ServerSettings.User}"),
            new("OpenAI items", $"/openai/v1/conversations/{conversation}/items?limit=20", new Dictionary<string, string> { ["x-ms-user-isolation-key"] = PageUser }, IsList: false),
        ];
    }

    private static string Verdict(bool met) => met ? "met" : "missed";

    private sealed record Endpoint(string Name, string Path, IReadOnlyDictionary<string, string>? Headers = null, bool IsList = true)
    {
        /// <summary>The path as the report shows it (an item page's conversation id shortened).</summary>
        public string Shown => IsList ? Path : "/openai/v1/conversations/{id}/items?limit=20";

        public async Task<byte[]> FetchAsync(ServerProcess server, string key)
        {
            using var client = new HttpClient { BaseAddress = server.Address };
            using var request = new HttpRequestMessage(HttpMethod.Get, Path);
            request.Headers.Authorization = new("Bearer", key);
            foreach (var (name, value) in Headers ?? new Dictionary<string, string>())
            {
                request.Headers.Add(name, value);
            }

            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsByteArrayAsync();
        }
    }
}
