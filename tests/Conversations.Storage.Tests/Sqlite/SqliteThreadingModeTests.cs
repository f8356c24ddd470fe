using System.Runtime.InteropServices;
using Conversations.Storage.Sqlite;

namespace Conversations.Storage.Tests.Sqlite;

/// <summary>SQLite runs in multi-thread mode: no connection takes a mutex on every call (see SqliteThreadingMode).</summary>
public sealed class SqliteThreadingModeTests : IDisposable
{
    private readonly SqliteTempFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task A_store_connection_has_no_connection_mutex()
    {
        await _file.ExecuteAsync("CREATE TABLE t (x)");
        await using var connection = await new SqliteConnections(_file.ConnectionString).OpenAsync(CancellationToken.None);

        // SQLite documents sqlite3_db_mutex as NULL exactly when the connection is not in serialized mode.
        Assert.Equal(IntPtr.Zero, DbMutex(connection.Handle!.DangerousGetHandle()));
    }

    [DllImport("e_sqlite3", EntryPoint = "sqlite3_db_mutex")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr DbMutex(IntPtr db);
}
