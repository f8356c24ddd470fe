using System.Globalization;
using System.Text;
using Conversations.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conversations.Bench;

/// <summary>
/// What the service adds to what ASP.NET Core costs anyway: wrk against each dialect's list and an
/// item page, and against a minimal app that answers a precomputed body of the Dify page's size, as
/// requests per second and as the server's CPU time per request. The same endpoints are also served
/// by a server process with every rate limit off, and both servers by a twin process, for what the
/// limiter costs. Then the Functions path
/// (<see cref="FunctionsServing"/>).
/// </summary>
internal static class ServingBenchmark
{
    private const double ThroughputTarget = 0.5;
    private const double CpuTarget = 2.5;
    private const double LimiterTarget = 0.03;

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
            var pages = new List<(Endpoint Endpoint, int Bytes, Load On, Load Off, Load On2, Load Off2)>();
            long serverMemory, baselineMemory;
            {
                await using var server = await ServerProcess.StartAppAsync(options.ServerDll, settings.Environment, endpoints[0].Path, settings.Key);
                await using var unlimited = await ServerProcess.StartAppAsync(options.ServerDll, settings.WithoutRateLimits().Environment, endpoints[0].Path, settings.Key);
                // Two processes of one build differ in CPU per request by a few per cent (what the JIT
                // compiled when, memory layout): as much as the limiter may cost. So its cost is taken
                // over two processes a side, and the report shows how far each pair of twins differs.
                await using var server2 = await ServerProcess.StartAppAsync(options.ServerDll, settings.Environment, endpoints[0].Path, settings.Key);
                await using var unlimited2 = await ServerProcess.StartAppAsync(options.ServerDll, settings.WithoutRateLimits().Environment, endpoints[0].Path, settings.Key);
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
                    targets.Add(Target.Of(unlimited, endpoint.Path, settings.Key, endpoint.Headers));
                    targets.Add(Target.Of(server2, endpoint.Path, settings.Key, endpoint.Headers));
                    targets.Add(Target.Of(unlimited2, endpoint.Path, settings.Key, endpoint.Headers));
                }

                var loads = await Load.MeasureAsync(targets, options);
                baseline = loads[0];
                pages.AddRange(endpoints.Select((e, i) => (e, bytes[i].Length, loads[1 + (4 * i)], loads[2 + (4 * i)], loads[3 + (4 * i)], loads[4 + (4 * i)])));
                serverMemory = server.PeakWorkingSet;
                baselineMemory = baselineApp.PeakWorkingSet;
            }

            report.AppendLine(CultureInfo.InvariantCulture, $"Baseline: a minimal ASP.NET Core app answering a precomputed {SizeOf(body):N0}-byte body (the Dify page's size). CPU per request is the server process's user + system CPU time over the measured windows, divided by the requests wrk completed in them; requests/s, p50 and p99 are medians of the rounds. The server runs with rate limits on, at rates that never refuse (see bench/README.md).");
            report.AppendLine();
            report.AppendLine("| endpoint | page (bytes) " + Load.Header("baseline"));
            report.AppendLine("| --- | ---: " + Load.Alignment);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| baseline `/baseline` | {SizeOf(body):N0} ") + baseline.Cells(baseline));
            foreach (var (endpoint, size, on, _, _, _) in pages)
            {
                report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {endpoint.Name} `{endpoint.Shown}` | {size:N0} ") + on.Cells(baseline));
            }

            var lists = pages.Where(p => p.Endpoint.IsList).ToList();
            var slowest = pages.Min(p => p.On.RequestsPerSecond) / baseline.RequestsPerSecond;
            var costliest = pages.Max(p => p.On.CpuPerRequest) / baseline.CpuPerRequest;
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"Lowest throughput against the baseline: **{slowest:F2}×** (target ≥ {ThroughputTarget:F1}×: {Verdict(slowest >= ThroughputTarget)}).");
            report.AppendLine(CultureInfo.InvariantCulture, $"Highest CPU per request against the baseline: **{costliest:F2}×** (target ≤ {CpuTarget:F1}×: {Verdict(costliest <= CpuTarget)}).");
            report.AppendLine(CultureInfo.InvariantCulture, $"Non-2xx answers, all endpoints, all servers: {pages.Sum(p => p.On.Errors + p.Off.Errors + p.On2.Errors + p.Off2.Errors) + baseline.Errors}.");
            report.AppendLine(CultureInfo.InvariantCulture, $"Peak working set under this load: server {serverMemory / (1024 * 1024)} MiB, baseline {baselineMemory / (1024 * 1024)} MiB.");
            report.AppendLine();
            report.AppendLine("#### What the rate limiter costs: the same endpoints on servers with every limit off");
            report.AppendLine();
            report.AppendLine("Two server processes with limits on and two with every limit off, all of one build, taking turns in the same rounds; CPU per request over both processes of a side. The twins columns compare the two processes of one side: what two processes of one build differ by.");
            report.AppendLine();
            report.AppendLine("| endpoint | CPU µs/request, limits on | limits off | difference | twins, on | twins, off | requests/s on | off |");
            report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var (endpoint, _, on, off, on2, off2) in pages)
            {
                var (limitsOn, limitsOff) = ((on.CpuPerRequest + on2.CpuPerRequest) / 2, (off.CpuPerRequest + off2.CpuPerRequest) / 2);
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| {endpoint.Name} | {limitsOn:F1} | {limitsOff:F1} | {(limitsOn / limitsOff) - 1:+0.0 %;-0.0 %} | {(on.CpuPerRequest / on2.CpuPerRequest) - 1:+0.0 %;-0.0 %} | {(off.CpuPerRequest / off2.CpuPerRequest) - 1:+0.0 %;-0.0 %} | {(on.RequestsPerSecond + on2.RequestsPerSecond) / 2:N0} | {(off.RequestsPerSecond + off2.RequestsPerSecond) / 2:N0} |");
            }

            var limiter = lists.Max(p => ((p.On.CpuPerRequest + p.On2.CpuPerRequest) / (p.Off.CpuPerRequest + p.Off2.CpuPerRequest)) - 1);
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"Largest CPU per request with limits on against off, on the list endpoints: **{limiter:+0.0 %;-0.0 %}** (target ≤ {LimiterTarget:P0}: {Verdict(limiter <= LimiterTarget)}).");
            var admit = LimiterCall.NanosecondsPerAdmit();
            report.AppendLine(CultureInfo.InvariantCulture, $"The limiter's own call (`ApiRateLimiter.Admit`, both buckets, in process on one thread): {admit:F0} ns, {admit / 1000 / lists.Min(p => p.Off.CpuPerRequest):P1} of the cheapest list's CPU per request with limits off; the OpenAI headers it feeds are formatted on top.");
            report.AppendLine();
            await FunctionsServing.AppendAsync(report, options, settings, endpoints[0].Path, pages[0].On, body);
        }
        finally
        {
            File.Delete(body);
        }

        return report.ToString();

        static long SizeOf(string file) => new FileInfo(file).Length;
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
