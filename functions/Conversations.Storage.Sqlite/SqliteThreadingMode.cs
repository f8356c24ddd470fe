using SQLitePCL;

namespace Conversations.Storage.Sqlite;

/// <summary>
/// Puts SQLite in multi-thread mode for this process. The bundled library starts in serialized mode,
/// where every call on a connection, down to reading one column, takes the connection's mutex; a list
/// page makes a few hundred such calls. Multi-thread mode drops those mutexes and is safe when no
/// connection is used by two threads at once, which holds here: Microsoft.Data.Sqlite connections are
/// not thread-safe and its pool lends each to one caller at a time, and a read session is taken from
/// its bag by one caller until it is returned.
/// </summary>
/// <remarks>
/// The mode can only be chosen before SQLite initialises (the first connection opened in the process);
/// later it stays serialized, which is slower but equally correct. Hosts apply it while registering
/// services, before anything opens a connection.
/// </remarks>
internal static class SqliteThreadingMode
{
    private static readonly Lazy<bool> Applied = new(() =>
    {
        Batteries_V2.Init();
        return raw.sqlite3_config(raw.SQLITE_CONFIG_MULTITHREAD) == raw.SQLITE_OK;
    });

    /// <summary>Applies the mode once; true when this process runs SQLite in multi-thread mode.</summary>
    public static bool Apply() => Applied.Value;
}
