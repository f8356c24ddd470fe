using Conversations.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Conversations.Storage.Tests.Sqlite;

/// <summary>A SQLite file path of a test's own under the temp folder, deleted (with its WAL files) at the end.</summary>
public sealed class SqliteTempFile : IDisposable
{
    // As a host does while composing: SQLite's threading mode can only be chosen before the process
    // opens its first connection, and a test may open one before it creates a store.
    static SqliteTempFile() => SqliteThreadingMode.Apply();

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"conversations-test-{Guid.NewGuid():N}.db");

    public string ConnectionString => $"Data Source={Path}";

    /// <summary>Runs SQL on a connection of its own (not pooled, so it holds nothing after).</summary>
    public Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters) => ScalarAsync(sql, parameters);

    /// <summary>The first column of the first row of <paramref name="sql"/>, having run all of it.</summary>
    public async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection(ConnectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
