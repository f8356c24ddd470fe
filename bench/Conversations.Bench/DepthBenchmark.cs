using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Conversations.Model;
using Conversations.Storage;
using Conversations.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conversations.Bench;

/// <summary>
/// Page cost against depth: the same list call at increasing keyset depths on one user's history
/// (and on one conversation's items), each figure a ratio against the first page measured in the same run. Also shows how much of a
/// request is the store query itself, and the server's start-up and memory.
/// </summary>
internal static class DepthBenchmark
{
    private const string Tenant = ServerSettings.Tenant;
    private const string User = ServerSettings.User;

    /// <summary>The owner of the items conversation: another user, so the conversations figures and their seed count stay as they were.</summary>
    private const string ItemsUser = ServerSettings.User + "-items";
    private const int PageSize = 20;
    // Rounds run for this long before any is timed: a whole measurement takes well under a second,
    // and the runtime recompiles hot methods in waves for a while after they first run, so a short
    // warm-up let one wave land on one depth's samples (1.30× in one run, 1.08× in the next).
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private const double Target = 1.15;

    private static readonly (string Name, string SortBy, ConversationSort Sort, string OrderSql)[] Sorts =
    [
        ("-updated_at", "-updated_at", new(ConversationSortField.UpdatedAt, true), "updated_at DESC, id DESC"),
        ("created_at", "created_at", new(ConversationSortField.CreatedAt, false), "created_at ASC, id ASC"),
    ];

    public static async Task<string> RunAsync(BenchOptions options)
    {
        var path = Path.Combine(Path.GetTempPath(), $"conversations-bench-realistic-{options.Conversations}.db");  // bench/run.sh reuses it for the serving figures
        using var store = await SeedAsync(path, options.Conversations);
        var settings = ServerSettings.For(path);
        await using var server = await ServerProcess.StartAppAsync(options.ServerDll, settings.Environment, $"/v1/conversations?user={User}&limit=1", settings.Key);
        using var client = new HttpClient { BaseAddress = server.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", settings.Key);

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"### Page cost by depth: {options.Conversations:N0} conversations of one user (SQLite), limit {PageSize}");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Median of {options.Requests} rounds (one request per depth each round, after {WarmUp.TotalSeconds:F0} s of warm-up rounds), sequential over loopback to the server process. Deep pages pass `last_id`, so they include its lookup. The items rows page one conversation of as many items (another user's) through `GET /openai/v1/conversations/{{id}}/items`, deep pages passing `after`.");
        report.AppendLine();
        report.AppendLine("| sort_by | depth (items) | HTTP median (ms) | HTTP p90 (ms) | × first page | store query alone (ms) | store share of request |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        var worst = 0.0;
        var growth = 0.0;
        foreach (var (name, sortBy, sort, orderSql) in Sorts)
        {
            var depths = options.Depths.Where(d => d < options.Conversations).ToList();
            var calls = new List<Func<Task>>();
            var storeCalls = new List<Func<Task>>();
            foreach (var depth in depths)
            {
                var lastId = depth == 0 ? null : IdAtDepth(path, orderSql, depth);
                var url = $"/v1/conversations?user={User}&limit={PageSize}&sort_by={sortBy}" + (lastId is null ? "" : $"&last_id={lastId}");
                calls.Add(async () =>
                {
                    using var response = await client.GetAsync(url);
                    response.EnsureSuccessStatusCode();
                    await response.Content.ReadAsByteArrayAsync();
                });
                var after = lastId is null ? null : await store.PositionOfAsync(lastId, sort.Field);
                var query = new ConversationQuery(UserScope.User(Tenant, User), sort, ConversationFilter.None, PageSize, after);
                storeCalls.Add(() => store.ListConversationsAsync(query, CancellationToken.None));
            }

            var http = await TimeInterleavedAsync(options.Requests, calls);
            var alone = await TimeInterleavedAsync(options.Requests, storeCalls);
            for (var i = 0; i < depths.Count; i++)
            {
                var ratio = http[i].Median / http[0].Median;
                worst = Math.Max(worst, ratio);
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| `{name}` | {depths[i]:N0} | {http[i].Median:F3} | {http[i].P90:F3} | {ratio:F2} | {alone[i].Median:F3} | {alone[i].Median / http[i].Median:P0} |");
            }

            if (depths.Count > 2)
            {
                growth = Math.Max(growth, http[^1].Median / http[1].Median);
            }
        }

        // The same figure for a conversation's items (OpenAI's items list, after = an item id).
        var conversation = await ItemSeed.SeedAsync(path, store, ItemsUser, "Item depth", options.Conversations, i => JsonDocument.Parse(
            $$"""{"type":"message","role":"{{(i % 2 == 0 ? "user" : "assistant")}}","status":"completed","content":[{"type":"{{(i % 2 == 0 ? "input_text" : "output_text")}}","text":"Message {{i}} of the depth benchmark."}]}""").RootElement.Clone());
        foreach (var descending in new[] { false, true })
        {
            var depths = options.Depths.Where(d => d < options.Conversations).ToList();
            var calls = new List<Func<Task>>();
            var storeCalls = new List<Func<Task>>();
            var key = new ConversationKey(Tenant, ItemsUser, conversation);
            foreach (var depth in depths)
            {
                var afterId = depth == 0 ? null : ItemIdAtDepth(path, conversation, descending, depth);
                var url = $"/openai/v1/conversations/{conversation}/items?limit={PageSize}&order={(descending ? "desc" : "asc")}" + (afterId is null ? "" : $"&after={afterId}");
                calls.Add(async () =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, url);
                    request.Headers.Add("x-ms-user-isolation-key", ItemsUser);
                    using var response = await client.SendAsync(request);
                    response.EnsureSuccessStatusCode();
                    await response.Content.ReadAsByteArrayAsync();
                });
                var after = afterId is null ? null : await store.FindItemAsync(key, afterId, CancellationToken.None) is { } item ? KeysetPosition.Of(item) : null;
                var query = new ItemQuery(key, descending, PageSize, after);
                storeCalls.Add(() => store.ListItemsAsync(query, CancellationToken.None));
            }

            var http = await TimeInterleavedAsync(options.Requests, calls);
            var alone = await TimeInterleavedAsync(options.Requests, storeCalls);
            for (var i = 0; i < depths.Count; i++)
            {
                var ratio = http[i].Median / http[0].Median;
                worst = Math.Max(worst, ratio);
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| items `{(descending ? "desc" : "asc")}` | {depths[i]:N0} | {http[i].Median:F3} | {http[i].P90:F3} | {ratio:F2} | {alone[i].Median:F3} | {alone[i].Median / http[i].Median:P0} |");
            }
        }

        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Worst deep page against the first: **{worst:F2}×** (target ≤ {Target:F2}×: {(worst <= Target ? "met" : "missed")}).");
        if (growth > 0)
        {
            // Every deep page also looks up its last_id, which the first page does not: the shallowest
            // deep page pays that too, so this ratio is the cost of depth alone.
            report.AppendLine(CultureInfo.InvariantCulture, $"Deepest page against the shallowest deep page (both look up `last_id`): {growth:F2}×.");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"Server start-up to first 200 on a list call: {server.StartupTime.TotalMilliseconds:F0} ms; peak working set: {server.PeakWorkingSet / (1024 * 1024)} MiB.");
        return report.ToString();
    }

    private static async Task<KeysetPosition?> PositionOfAsync(this SqliteConversationStore store, string id, ConversationSortField field)
    {
        var conversation = await store.FindConversationAsync(UserScope.User(Tenant, User), id, CancellationToken.None);
        return conversation is null ? null : KeysetPosition.Of(conversation, field);
    }

    /// <summary>Seeds one user's history once per size; a file already holding that many rows is reused.</summary>
    private static async Task<SqliteConversationStore> SeedAsync(string path, int count)
    {
        var connectionString = $"Data Source={path}";
        var store = new SqliteConversationStore(connectionString, NullLogger<SqliteConversationStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);
        if (Count(path) == count)
        {
            return store;
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        await store.InitializeAsync(CancellationToken.None);
        var clock = Stopwatch.StartNew();
        var random = new Random(42);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        // Pairs of conversations share a creation millisecond and updates land on whole seconds, so
        // every sort has ties that the (time, id) order must break.
        var conversations = Enumerable.Range(0, count).Select(i =>
        {
            var created = start.AddMilliseconds(i / 2 * 7);
            return RealisticData.Conversation(Tenant, User, Guid.CreateVersion7(created).ToString(), $"Conversation {i}", created, start.AddSeconds(random.Next(0, count / 4)));
        });
        await SqliteBulkImport.ImportConversationsAsync(connectionString, conversations, CancellationToken.None);
        Console.Error.WriteLine($"Seeded {count:N0} conversations in {clock.Elapsed.TotalSeconds:F1} s.");
        return store;
    }

    /// <summary>The id of the item just before <paramref name="depth"/> in the list's order.</summary>
    private static string ItemIdAtDepth(string path, string conversation, bool descending, int depth)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        var direction = descending ? "DESC" : "ASC";
        command.CommandText = $"SELECT id FROM items WHERE tenant_id = @t AND user_id = @u AND conversation_id = @c ORDER BY created_at {direction}, seq {direction} LIMIT 1 OFFSET @skip";
        command.Parameters.AddWithValue("@t", Tenant);
        command.Parameters.AddWithValue("@u", ItemsUser);
        command.Parameters.AddWithValue("@c", conversation);
        command.Parameters.AddWithValue("@skip", depth - 1);
        return (string)command.ExecuteScalar()!;
    }

    private static long Count(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM conversations WHERE user_id = @u";
        command.Parameters.AddWithValue("@u", User);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The id of the item just before <paramref name="depth"/>; OFFSET is fine here, once, outside the measurement.</summary>
    private static string IdAtDepth(string path, string orderSql, int depth)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id FROM conversations WHERE tenant_id = @t AND user_id = @u ORDER BY {orderSql} LIMIT 1 OFFSET @skip";
        command.Parameters.AddWithValue("@t", Tenant);
        command.Parameters.AddWithValue("@u", User);
        command.Parameters.AddWithValue("@skip", depth - 1);
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>
    /// Times the calls round-robin, one of each per round, so a burst of noise on a shared machine
    /// lands on every depth alike instead of skewing one of them.
    /// </summary>
    private static async Task<(double Median, double P90)[]> TimeInterleavedAsync(int rounds, List<Func<Task>> calls)
    {
        for (var warming = Stopwatch.StartNew(); warming.Elapsed < WarmUp;)
        {
            foreach (var call in calls)
            {
                await call();
            }
        }

        var samples = calls.Select(_ => new double[rounds]).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var c = 0; c < calls.Count; c++)
            {
                var start = Stopwatch.GetTimestamp();
                await calls[c]();
                samples[c][round] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        return samples.Select(s =>
        {
            Array.Sort(s);
            return (s[rounds / 2], s[(int)(rounds * 0.9)]);
        }).ToArray();
    }
}
