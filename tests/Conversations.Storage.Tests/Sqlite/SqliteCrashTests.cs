using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Conversations.Storage.Tests.Sqlite;

/// <summary>
/// Durability of the self-hosted server: writes acknowledged with a 2xx are committed to the SQLite
/// file, so a process killed without warning (kill -9) loses none of them. The real server runs as a
/// child process; writers create and rename conversations over HTTP until it is killed mid-run (once
/// enough writes are acknowledged), and a restarted server on the same file must list every one.
/// </summary>
public sealed class SqliteCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Writers = 8;

    // The kill comes once this many writes are acknowledged, however fast the machine is.
    private const int AcknowledgedBeforeTheCrash = 200;
    private static readonly TimeSpan WritingLimit = TimeSpan.FromSeconds(15);

    private readonly SqliteTempFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Every_acknowledged_write_survives_a_kill_9_and_a_restart_on_the_same_file()
    {
        var apiKey = "crash-" + Guid.NewGuid().ToString("N");
        var signingKey = ServerUnderTest.NewSigningKey();
        var acknowledged = 0;
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, Writers).Select(i => new Writer($"writer-{i}", () =>
        {
            if (Interlocked.Increment(ref acknowledged) == AcknowledgedBeforeTheCrash)
            {
                enough.TrySetResult();
            }
        })).ToList();

        await using (var server = await ServerUnderTest.StartAsync(_file.Path, apiKey, signingKey))
        {
            var writing = writers.Select(w => Task.Run(() => w.WriteUntilRefusedAsync(server.Client))).ToList();
            try
            {
                await enough.Task.WaitAsync(WritingLimit);
            }
            catch (TimeoutException)
            {
                // Too few writes acknowledged within the limit: the assertion below says how many.
            }

            await server.CrashAsync();
            await Task.WhenAll(writing);
        }

        Assert.True(writers.Sum(w => w.Acknowledged) >= AcknowledgedBeforeTheCrash, $"Only {writers.Sum(w => w.Acknowledged)} writes were acknowledged in {WritingLimit}.");
        Assert.Contains(writers, w => w.InFlightAtCrash);
        output.WriteLine($"{writers.Sum(w => w.Acknowledged)} writes acknowledged by {Writers} writers before the kill; {writers.Count(w => w.InFlightAtCrash)} in flight at it.");

        await using var restarted = await ServerUnderTest.StartAsync(_file.Path, apiKey, signingKey);
        foreach (var writer in writers)
        {
            var stored = await ListAllAsync(restarted.Client, writer.User);
            foreach (var (id, names) in writer.AcceptableNames)
            {
                Assert.True(stored.TryGetValue(id, out var name), $"Acknowledged conversation {id} of {writer.User} is missing after the restart.");
                Assert.Contains(name, names);
            }
        }
    }

    /// <summary>Every conversation of <paramref name="user"/>, id to name, read page by page through Dify's list.</summary>
    private static async Task<Dictionary<string, string>> ListAllAsync(HttpClient client, string user)
    {
        var all = new Dictionary<string, string>();
        string? lastId = null;
        while (true)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/v1/conversations?user={user}&limit=100&sort_by=created_at" + (lastId is null ? "" : $"&last_id={lastId}"));
            foreach (var item in page.GetProperty("data").EnumerateArray())
            {
                lastId = item.GetProperty("id").GetString()!;
                all.Add(lastId, item.GetProperty("name").GetString()!);
            }

            if (!page.GetProperty("has_more").GetBoolean())
            {
                return all;
            }
        }
    }

    /// <summary>
    /// One client writing its own user's conversations, one request at a time: a create, then a rename
    /// of one of its conversations, over and over. It remembers what the server acknowledged and the
    /// one request that was in flight when the server died, which may or may not have been committed.
    /// </summary>
    private sealed class Writer(string user, Action onAcknowledged)
    {
        private readonly ConcurrentDictionary<string, HashSet<string>> _names = new();
        private int _acknowledged;

        public string User => user;

        public int Acknowledged => Volatile.Read(ref _acknowledged);

        public bool InFlightAtCrash { get; private set; }

        /// <summary>Each acknowledged conversation and the names it may hold now: the last one acknowledged, or the one in flight.</summary>
        public IReadOnlyDictionary<string, HashSet<string>> AcceptableNames => _names;

        public async Task WriteUntilRefusedAsync(HttpClient client)
        {
            var ids = new List<string>();
            for (var n = 0; ; n++)
            {
                var renaming = n % 2 == 1;
                var id = renaming ? ids[n / 2 % ids.Count] : null;
                var name = $"{user} {n}";
                try
                {
                    using var response = renaming
                        ? await client.PostAsJsonAsync($"/v1/conversations/{id}/name", new { name, user })
                        : await client.PostAsJsonAsync("/v1/conversations", new { name, user });
                    response.EnsureSuccessStatusCode();
                    if (!renaming)
                    {
                        id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                        ids.Add(id);
                    }
                }
                catch (Exception e) when (e is HttpRequestException { StatusCode: null } or IOException)
                {
                    // The server is gone: this write may or may not have been committed.
                    InFlightAtCrash = true;
                    if (renaming)
                    {
                        _names[id!].Add(name);
                    }

                    return;
                }

                _names[id!] = [name];
                Interlocked.Increment(ref _acknowledged);
                onAcknowledged();
            }
        }
    }
}
