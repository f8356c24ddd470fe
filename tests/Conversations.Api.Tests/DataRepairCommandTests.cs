using Conversations.Server;
using Conversations.Storage.Sqlite;
using Conversations.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conversations.Api.Tests;

/// <summary><c>data repair</c> on the server's executable makes the on-read repair of stored ill-formed text permanent.</summary>
public sealed class DataRepairCommandTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"conversations-repair-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Repair_rewrites_a_row_holding_an_escaped_unpaired_surrogate_and_reports_how_many()
    {
        var conversation = TestData.Conversation(TestData.NewTenant(), "u");
        using (var store = new SqliteConversationStore($"Data Source={_path}", NullLogger<SqliteConversationStore>.Instance))
        {
            await store.InitializeAsync(CancellationToken.None);
            await store.CreateConversationAsync(conversation, CancellationToken.None);
        }

        await ExecuteAsync("""UPDATE conversations SET inputs = '{"city":"\ud800"}' WHERE id = $id""", conversation.Id);
        using var output = new StringWriter();
        using var secondOutput = new StringWriter();
        using var error = new StringWriter();

        var code = await ServerCommands.RunAsync(["data", "repair"], output, error, Settings());
        var again = await ServerCommands.RunAsync(["data", "repair"], secondOutput, error, Settings());

        Assert.Equal((0, 0), (code, again));
        Assert.StartsWith("Repaired 1 row(s)", output.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("Repaired 0 row(s)", secondOutput.ToString(), StringComparison.Ordinal);
        Assert.Equal("""{"city":"\ufffd"}""", await ScalarAsync("SELECT inputs FROM conversations WHERE id = $id", conversation.Id));
    }

    [Fact]
    public async Task Repair_without_a_store_file_fails_with_a_message_naming_the_setting()
    {
        using var error = new StringWriter();

        var code = await ServerCommands.RunAsync(["data", "repair"], new StringWriter(), error, Settings());

        Assert.Equal(1, code);
        Assert.Contains("Storage__Sqlite__Path", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(_path));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private Dictionary<string, string?> Settings() => new() { ["Storage:Provider"] = "Sqlite", ["Storage:Sqlite:Path"] = _path };

    private async Task ExecuteAsync(string sql, string id)
    {
        await using var connection = new SqliteConnection($"Data Source={_path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string?> ScalarAsync(string sql, string id)
    {
        await using var connection = new SqliteConnection($"Data Source={_path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        return (string?)await command.ExecuteScalarAsync();
    }
}
