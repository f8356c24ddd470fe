using Conversations.Model;
using Microsoft.Data.Sqlite;

namespace Conversations.Storage.Sqlite;

/// <summary>
/// Loads many conversations into a migrated SQLite file at once (benchmarks, imports): one prepared
/// insert, committed in large transactions. Not part of the store's API: nothing serving requests uses it.
/// </summary>
public static class SqliteBulkImport
{
    // Large enough that commits (each an fsync) stop mattering, small enough to keep the WAL modest.
    private const int RowsPerTransaction = 10_000;

    public static async Task ImportConversationsAsync(string connectionString, IEnumerable<Conversation> conversations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        await using var connection = await new SqliteConnections(connectionString).OpenAsync(cancellationToken);
        using var rows = conversations.GetEnumerator();
        var more = rows.MoveNext();
        while (more)
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = SqliteConversationRows.Insert;
            for (var i = 0; i < RowsPerTransaction && more; i++, more = rows.MoveNext())
            {
                SqliteConversationRows.Bind(insert, rows.Current);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }
}
