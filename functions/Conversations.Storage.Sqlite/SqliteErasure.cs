using Microsoft.Data.Sqlite;

namespace Conversations.Storage.Sqlite;

// End-user (or tenant) erasure on the embedded store.
public sealed partial class SqliteConversationStore
{
    /// <summary>Rows per DELETE: each batch holds the write lock briefly, so a server using the file keeps answering.</summary>
    private const int ErasureBatch = 500;

    /// <summary>
    /// Deletes the scope's items and variables, then its conversations, in batches. Every connection runs with
    /// <c>secure_delete</c> (<see cref="SqliteConnections"/>), so deleted text is overwritten rather than
    /// left in free pages; a final checkpoint that truncates the write-ahead log removes the older page
    /// images it still held.
    /// </summary>
    public Task<ErasureCounts> EraseAsync(UserScope scope, IProgress<ErasureCounts>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return WriteAsync("erase", async connection =>
        {
            var counts = ErasureCounts.None;
            foreach (var table in new[] { SqliteItemRows.Table, SqliteVariableRows.Table, SqliteConversationRows.Table })
            {
                int deleted;
                do
                {
                    deleted = await DeleteBatchAsync(connection, table, scope, cancellationToken);
                    counts = table switch
                    {
                        SqliteItemRows.Table => counts with { Items = counts.Items + deleted },
                        SqliteVariableRows.Table => counts with { Variables = counts.Variables + deleted },
                        _ => counts with { Conversations = counts.Conversations + deleted },
                    };
                    if (deleted > 0)
                    {
                        progress?.Report(counts);
                    }
                }
                while (deleted == ErasureBatch);
            }

            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await using var result = await checkpoint.ExecuteReaderAsync(cancellationToken);
            if (await result.ReadAsync(cancellationToken) && result.GetInt64(0) != 0)
            {
                // Readers held older pages: the log keeps them until a later checkpoint overwrites them.
                SqliteLog.CheckpointBusy(_logger);
            }

            return counts;
        }, cancellationToken);
    }

    private static async Task<int> DeleteBatchAsync(SqliteConnection connection, string table, UserScope scope, CancellationToken cancellationToken)
    {
        await using var delete = connection.CreateCommand();
        var user = scope.IsTenantWide ? "" : " AND user_id = @user";
        delete.CommandText = $"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} WHERE tenant_id = @tenant{user} LIMIT {ErasureBatch})";
        delete.Parameters.AddWithValue("@tenant", scope.TenantId);
        if (scope.UserId is { } userId)
        {
            delete.Parameters.AddWithValue("@user", userId);
        }

        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
