using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Conversations.Storage.Sqlite;

/// <summary>
/// Rows repaired while being read, each logged once per process: a list that holds such a row runs on
/// every page view, and one warning per row is enough to know that the repair command is due.
/// </summary>
internal sealed class SqliteRepairedRows(ILogger logger)
{
    // Such rows are rare; past this many, each read logs again rather than the set growing without end.
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<(string Table, string Id), bool> _logged = new();

    public void Report(string table, string id)
    {
        var first = _logged.Count < MaxRemembered ? _logged.TryAdd((table, id), true) : !_logged.ContainsKey((table, id));
        if (first)
        {
            SqliteLog.RepairedOnRead(logger, table, id);
        }
    }
}
