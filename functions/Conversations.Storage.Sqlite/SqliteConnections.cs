using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Conversations.Storage.Sqlite;

/// <summary>
/// Opens the store's connections. Only the schema migration may create the file: every other
/// connection opens it read-write without creating it, so a file that went missing is an outage
/// (SQLITE_CANTOPEN) rather than a fresh, empty database answering "no such table". Every connection
/// runs with <c>secure_delete</c>: a deleted row's text is overwritten with zeros instead of lingering
/// in free pages, so a deleted conversation (or an erased user) is gone from the file, not just hidden.
/// </summary>
internal sealed class SqliteConnections
{
    private readonly string _existing;

    public SqliteConnections(string connectionString)
    {
        SqliteThreadingMode.Apply();
        var builder = new SqliteConnectionStringBuilder(connectionString);
        CreateIfMissing = builder.ToString();
        BusyTimeout = TimeSpan.FromSeconds(builder.DefaultTimeout);
        if (builder.Mode == SqliteOpenMode.ReadWriteCreate)
        {
            builder.Mode = SqliteOpenMode.ReadWrite;
        }

        _existing = builder.ToString();
    }

    /// <summary>The connection string that creates the file when it is missing (schema migration only).</summary>
    public string CreateIfMissing { get; }

    /// <summary>How long a statement waits for a lock: the connection string's <c>Default Timeout</c>, as Microsoft.Data.Sqlite's own commands do.</summary>
    public TimeSpan BusyTimeout { get; }

    /// <summary>An open connection to the existing file.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_existing);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Statements run through SQLitePCL.raw bypass Microsoft.Data.Sqlite's retry loop, so
            // SQLite's own busy handler does the waiting for them.
            raw.sqlite3_busy_timeout(connection.Handle, (int)BusyTimeout.TotalMilliseconds);
            if (raw.sqlite3_exec(connection.Handle, "PRAGMA secure_delete = ON") is var result && result != raw.SQLITE_OK)
            {
                throw new SqliteException("Could not turn on secure_delete.", result);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
