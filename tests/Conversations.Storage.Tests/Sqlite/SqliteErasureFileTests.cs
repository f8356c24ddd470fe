using System.Text;
using Conversations.Storage.Sqlite;
using Conversations.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conversations.Storage.Tests.Sqlite;

/// <summary>
/// Erased text must be gone from the file itself, not only from query results: without secure_delete,
/// SQLite leaves a deleted row's bytes in free pages, and the write-ahead log keeps older page images.
/// </summary>
public sealed class SqliteErasureFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"conversations-erase-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Erased_text_is_absent_from_the_database_file_and_its_log_while_other_users_text_stays()
    {
        using var store = new SqliteConversationStore($"Data Source={_path}", NullLogger<SqliteConversationStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);
        var tenant = TestData.NewTenant();
        var erasedSecret = "erase-me-" + Guid.NewGuid().ToString("N");
        var keptSecret = "keep-me-" + Guid.NewGuid().ToString("N");
        var erased = TestData.Conversation(tenant, "gone", name: erasedSecret);
        var kept = TestData.Conversation(tenant, "stays", name: keptSecret);
        await store.CreateConversationAsync(erased, CancellationToken.None);
        await store.CreateConversationAsync(kept, CancellationToken.None);
        await store.CreateVariableAsync(TestData.Variable(erased, "secret", valueJson: $"\"{erasedSecret}-value\""), CancellationToken.None);
        Assert.Contains(erasedSecret, await FileTextAsync(), StringComparison.Ordinal);

        var counts = await store.EraseAsync(UserScope.User(tenant, "gone"), null, CancellationToken.None);

        Assert.Equal(new ErasureCounts(1, 1), counts);
        var text = await FileTextAsync();
        Assert.DoesNotContain(erasedSecret, text, StringComparison.Ordinal);
        Assert.Contains(keptSecret, text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>The database file and its write-ahead log, byte for byte, as Latin-1 text.</summary>
    private async Task<string> FileTextAsync()
    {
        var text = new StringBuilder();
        foreach (var file in new[] { _path, _path + "-wal" }.Where(File.Exists))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            text.Append(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }
}
