using Microsoft.Extensions.Logging;

namespace Conversations.Storage.Sqlite;

/// <summary>The SQLite store's log events. None carries stored content: a table and an id name a row.</summary>
internal static partial class SqliteLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Repaired an unreadable value in {Table} row {Id} while reading it; SqliteRepair.RepairAsync rewrites such rows for good")]
    public static partial void RepairedOnRead(ILogger logger, string table, string id);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "SQLite {Operation} failed with result code {ResultCode}; reported as store unavailable")]
    public static partial void Unavailable(ILogger logger, Exception exception, string operation, int resultCode);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Rewrote {Rows} unreadable row(s) of {Table}")]
    public static partial void Repaired(ILogger logger, int rows, string table);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "After an erasure, readers kept the write-ahead log from being emptied; older page images stay in it until a later checkpoint")]
    public static partial void CheckpointBusy(ILogger logger);
}
