using Microsoft.Extensions.Logging;

namespace Conversations.Storage.Sqlite;

/// <summary>The SQLite store's log events. None carries stored content.</summary>
internal static partial class SqliteLog
{
    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "SQLite {Operation} failed with result code {ResultCode}; reported as store unavailable")]
    public static partial void Unavailable(ILogger logger, Exception exception, string operation, int resultCode);
}
