using Conversations.Model;
using Microsoft.Data.Sqlite;

namespace Conversations.Storage.Sqlite;

// Conversation items: written in one transaction with the conversation's updated_at, read through
// the kept statements of the read sessions like every other list.
public sealed partial class SqliteConversationStore
{
    public Task<bool> AddItemsAsync(ConversationKey conversation, IReadOnlyList<ConversationItem> items, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(items);
        return WriteAsync("add items", async connection =>
        {
            // The conversation's row is touched first, in the same transaction: when it is gone nothing
            // is written, and once it is touched a concurrent delete waits for the items to commit.
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using var touch = connection.CreateCommand();
            touch.Transaction = transaction;
            touch.CommandText = $"UPDATE {SqliteConversationRows.Table} SET updated_at = @updated WHERE tenant_id = @tenant AND user_id = @user AND id = @id";
            touch.Parameters.AddWithValue("@updated", updatedAt.ToUnixTimeMilliseconds());
            touch.Parameters.AddWithValue("@tenant", conversation.TenantId);
            touch.Parameters.AddWithValue("@user", conversation.UserId);
            touch.Parameters.AddWithValue("@id", conversation.ConversationId);
            if (await touch.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }

            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = SqliteItemRows.Insert;
            foreach (var item in items)
            {
                SqliteItemRows.Bind(insert, item);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<ConversationItem?> FindItemAsync(ConversationKey conversation, string itemId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var sql = SqliteItemRows.Where(new SqliteSql($"SELECT {SqliteItemRows.SelectList} FROM {SqliteItemRows.Table}"), conversation).Append(" AND id = ").Value(itemId);
        return ReadAsync("find item", session => ReadSingle(session.Statement(sql.ToString(), sql.Values), s => SqliteItemRows.Read(s, conversation)), cancellationToken);
    }

    public Task<Page<ConversationItem>> ListItemsAsync(ItemQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = SqliteItemRows.List(query);
        return ReadAsync(
            "list items",
            session => ReadPage(session.Statement(sql.ToString(), sql.Values), query.Limit, s => SqliteItemRows.Read(s, query.Conversation)),
            cancellationToken);
    }

    public Task<bool> DeleteItemAsync(ConversationKey conversation, string itemId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var sql = SqliteItemRows.Where(new SqliteSql($"DELETE FROM {SqliteItemRows.Table}"), conversation).Append(" AND id = ").Value(itemId).Append(" RETURNING id");
        return WriteAsync("delete item", connection => Task.FromResult(RunOnce(connection, sql, s => s.Text(0)) is not null), cancellationToken);
    }

    /// <summary>
    /// Deletes a conversation's items inside the transaction that deletes the conversation, before it:
    /// the conversation's row names the user, so the delete seeks the items' index instead of scanning
    /// the tenant. Should the conversation not be in the caller's scope, the transaction is not committed.
    /// </summary>
    private static async Task DeleteItemsOfAsync(SqliteConnection connection, SqliteTransaction transaction, string tenantId, string conversationId, CancellationToken cancellationToken)
    {
        await using var items = connection.CreateCommand();
        items.Transaction = transaction;
        items.CommandText = $"DELETE FROM {SqliteItemRows.Table} WHERE tenant_id = @tenant AND conversation_id = @id" +
            $" AND user_id = (SELECT user_id FROM {SqliteConversationRows.Table} WHERE tenant_id = @tenant AND id = @id)";
        items.Parameters.AddWithValue("@tenant", tenantId);
        items.Parameters.AddWithValue("@id", conversationId);
        await items.ExecuteNonQueryAsync(cancellationToken);
    }
}
