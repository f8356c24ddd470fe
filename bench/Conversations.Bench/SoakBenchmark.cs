using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Conversations.Model;
using Conversations.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conversations.Bench;

/// <summary>
/// Mixed traffic for minutes on the SQLite server (soak.lua under wrk: 70 % lists across the three
/// dialects with filters, 30 % creates and updates, 50 end users): throughput, writes, the latency
/// tail, non-2xx answers and whether the working set keeps growing.
/// </summary>
internal static partial class SoakBenchmark
{
    private const int Users = 50;
    private const int ConversationsPerUser = 200;
    private const int UpdatedPerUser = 10;
    private const int Connections = 50;
    private const double GrowthTarget = 0.10;

    public static async Task<string> RunAsync(string serverDll, TimeSpan duration)
    {
        var database = Path.Combine(Path.GetTempPath(), "conversations-bench-soak.db");
        var usersFile = Path.GetTempFileName();
        try
        {
            await SeedAsync(database, usersFile);
            var settings = ServerSettings.For(database);
            await using var server = await ServerProcess.StartAppAsync(serverDll, settings.Environment, $"/v1/conversations?user=soak-0&limit=1", settings.Key);
            var script = Path.Combine(AppContext.BaseDirectory, "soak.lua");
            var environment = new Dictionary<string, string> { ["SOAK_KEY"] = settings.Key, ["SOAK_USERS"] = usersFile };
            var target = new Target(server, "/", new Dictionary<string, string>());
            await Wrk.RunAsync(target, TimeSpan.FromSeconds(5), latency: false, Connections, script, environment);

            // The working set after a minute (a third of a shorter run) against the end.
            var sampleAt = TimeSpan.FromSeconds(Math.Min(60, duration.TotalSeconds / 3));
            var run = Wrk.RunAsync(target, duration, latency: true, Connections, script, environment);
            await Task.WhenAny(run, Task.Delay(sampleAt));
            var early = server.WorkingSet;
            var result = await run;
            var late = server.WorkingSet;
            return Report(result, duration, sampleAt, early, late, server.PeakWorkingSet);
        }
        finally
        {
            File.Delete(usersFile);
        }
    }

    private static string Report(WrkRun run, TimeSpan duration, TimeSpan sampleAt, long early, long late, long peak)
    {
        double Figure(string name) => double.Parse(Regex.Match(run.Output, $@"^soak {Regex.Escape(name)} (\d+)$", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);
        var growth = ((double)late / early) - 1;
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"### Soak: {duration.TotalSeconds:F0} s of mixed traffic on SQLite (wrk, 2 threads, {Connections} connections, bench/Conversations.Bench/soak.lua)");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"70 % lists across the three dialects (Dify sorts, OpenAI `agent_name` and `order`, Mielto `status`, `collection_id`, `search`, `sort_by=title`), 30 % creates and updates (half each, the three dialects alike), for {Users} end users holding {ConversationsPerUser} realistic conversations each at the start; rate limits on at rates that never refuse; 5 s of the same traffic first, not counted.");
        report.AppendLine();
        report.AppendLine("| requests/s | writes/s | p50 (ms) | p99 (ms) | p99.9 (ms) | max (ms) | non-2xx | timeouts | working set at " + $"{sampleAt.TotalSeconds:F0} s → end (MiB) | growth | peak (MiB) |");
        report.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {run.RequestsPerSecond:N0} | {Figure("writes") / duration.TotalSeconds:N0} | {Figure("p50") / 1000:F2} | {Figure("p99") / 1000:F2} | {Figure("p99.9") / 1000:F2} | {Figure("max") / 1000:F0} | {run.Errors} | {Figure("timeouts"):F0} | {early / (1024 * 1024)} → {late / (1024 * 1024)} | {growth:+0.0 %;-0.0 %;0.0 %} | {peak / (1024 * 1024)} |");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Non-2xx: **{run.Errors}** (target 0: {(run.Errors == 0 ? "met" : "missed")}). Working set growth from {sampleAt.TotalSeconds:F0} s to the end: **{growth:+0.0 %;-0.0 %;0.0 %}** (target ≤ {GrowthTarget:P0}: {(growth <= GrowthTarget ? "met" : "missed")}).");
        return report.ToString();
    }

    /// <summary>A fresh store: each user's conversations, and the ids the script updates written to <paramref name="usersFile"/>.</summary>
    private static async Task SeedAsync(string database, string usersFile)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            File.Delete(file);
        }

        var connectionString = $"Data Source={database}";
        using (var store = new SqliteConversationStore(connectionString, NullLogger<SqliteConversationStore>.Instance))
        {
            await store.InitializeAsync(CancellationToken.None);
        }

        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        string[] titles = ["Invoice question", "Shipping delay", "Plan upgrade", "Password reset"];
        var conversations = Enumerable.Range(0, Users * ConversationsPerUser).Select(i =>
        {
            var created = start.AddMinutes(i);
            return RealisticData.Conversation(ServerSettings.Tenant, $"soak-{i % Users}", ItemIds.New(created), $"{titles[i / Users % titles.Length]} {i}", created, created);
        }).ToList();
        await SqliteBulkImport.ImportConversationsAsync(connectionString, conversations, CancellationToken.None);
        await File.WriteAllLinesAsync(usersFile, conversations.GroupBy(c => c.UserId).Select(g => g.Key + " " + string.Join(' ', g.Take(UpdatedPerUser).Select(c => c.Id))));
    }
}
