using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Conversations.Storage.Sqlite;

/// <summary>Opens the store's connections, in the threading mode the store runs SQLite in.</summary>
internal sealed class SqliteConnections
{
    private readonly string _connectionString;

    public SqliteConnections(string connectionString)
    {
        SqliteThreadingMode.Apply();
        _connectionString = connectionString;
        BusyTimeout = TimeSpan.FromSeconds(new SqliteConnectionStringBuilder(connectionString).DefaultTimeout);
    }

    /// <summary>How long a statement waits for a lock: the connection string's <c>Default Timeout</c>, as Microsoft.Data.Sqlite's own commands do.</summary>
    public TimeSpan BusyTimeout { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Statements run through SQLitePCL.raw bypass Microsoft.Data.Sqlite's retry loop, so
            // SQLite's own busy handler does the waiting for them.
            raw.sqlite3_busy_timeout(connection.Handle, (int)BusyTimeout.TotalMilliseconds);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
