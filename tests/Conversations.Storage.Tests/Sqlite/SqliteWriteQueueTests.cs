using Conversations.Storage.Sqlite;
using Conversations.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conversations.Storage.Tests.Sqlite;

/// <summary>
/// SQLite lets one writer in at a time, so the store's writers wait for their turn in the process
/// (which shortened the latency tail of a mixed load: bench/README.md); a write that waits, for its
/// turn or for a file another connection holds, still ends at its request's deadline.
/// </summary>
public sealed class SqliteWriteQueueTests : IDisposable
{
    private const int Writes = 8;

    private readonly SqliteTempFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Writes_waiting_for_their_turn_give_up_at_their_deadline_while_the_file_stays_locked()
    {
        // A lock wait that would last for minutes: only the deadline can end it sooner.
        using var store = new SqliteConversationStore(_file.ConnectionString + ";Default Timeout=300", NullLogger<SqliteConversationStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);
        await using var holder = new SqliteConnection(_file.ConnectionString + ";Pooling=False");
        await holder.OpenAsync();
        await using var hold = holder.BeginTransaction(deferred: false);
        var tenant = TestData.NewTenant();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var writes = Enumerable.Range(0, Writes)
            .Select(_ => Task.Run(() => store.CreateConversationAsync(TestData.Conversation(tenant, "u"), deadline.Token)))
            .ToList();

        // One write has its turn and waits for the file; every other one ends at the deadline.
        var ended = await EndedAsync(writes, Writes - 1, TimeSpan.FromSeconds(60));
        Assert.All(ended, write => Assert.True(write.IsCanceled, $"A queued write ended {write.Status}: {write.Exception?.GetBaseException().Message}"));

        // Once the file is free, the one whose turn it was finishes too, one way or the other.
        await hold.RollbackAsync();
        var last = Assert.Single(writes.Except(ended));
        await Task.WhenAny(last).WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>The first <paramref name="count"/> of <paramref name="tasks"/> to end, failing the test past <paramref name="limit"/>.</summary>
    private static async Task<List<Task>> EndedAsync(IEnumerable<Task> tasks, int count, TimeSpan limit)
    {
        var pending = tasks.ToList();
        var ended = new List<Task>();
        using var giveUp = new CancellationTokenSource(limit);
        while (ended.Count < count)
        {
            try
            {
                var next = await Task.WhenAny(pending).WaitAsync(giveUp.Token);
                pending.Remove(next);
                ended.Add(next);
            }
            catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"Only {ended.Count} of the writes ended within {limit} while the file was locked.");
            }
        }

        return ended;
    }
}
