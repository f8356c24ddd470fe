using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Conversations.Storage.Sqlite;

/// <summary>Which SQLite failures mean "the store cannot answer now" (a 503 with Retry-After) rather than a bug.</summary>
internal static class SqliteFaults
{
    /// <summary>What a caller is asked to wait before trying again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    // Extended result codes keep the primary code in their low byte.
    private const int PrimaryCodeMask = 0xFF;

    // The file is locked, busy, missing, read-only, full, failing I/O, or its WAL locks raced.
    private static readonly int[] Outages =
    [
        raw.SQLITE_BUSY, raw.SQLITE_LOCKED, raw.SQLITE_READONLY, raw.SQLITE_IOERR, raw.SQLITE_FULL, raw.SQLITE_CANTOPEN, raw.SQLITE_PROTOCOL,
    ];

    public static bool IsOutage(SqliteException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Outages.Contains(exception.SqliteErrorCode & PrimaryCodeMask);
    }
}
