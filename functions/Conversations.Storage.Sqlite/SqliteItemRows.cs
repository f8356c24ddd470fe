using Conversations.Model;
using Microsoft.Data.Sqlite;

namespace Conversations.Storage.Sqlite;

/// <summary>
/// How a conversation item is stored: its body as JSON text, its time as Unix milliseconds, and the
/// id's time-ordered digits (<c>seq</c>) beside the id, so (created_at, seq) orders a conversation's
/// items as they were added whatever their id prefixes.
/// </summary>
internal static class SqliteItemRows
{
    public const string Table = "items";

    /// <summary>What a read selects: the keys are the values the query is bound to, so they are not read.</summary>
    public const string SelectList = "id, type, role, body, created_at";

    public const string Insert =
        $"INSERT INTO {Table} (tenant_id, user_id, conversation_id, id, seq, type, role, body, created_at) VALUES " +
        "(@tenant_id, @user_id, @conversation_id, @id, @seq, @type, @role, @body, @created_at)";

    public static void Bind(SqliteCommand command, ConversationItem item)
    {
        var p = command.Parameters;
        p.Clear();
        p.AddWithValue("@tenant_id", item.TenantId);
        p.AddWithValue("@user_id", item.UserId);
        p.AddWithValue("@conversation_id", item.ConversationId);
        p.AddWithValue("@id", item.Id);
        p.AddWithValue("@seq", item.Sequence);
        p.AddWithValue("@type", item.Type);
        p.AddWithValue("@role", (object?)item.Role ?? DBNull.Value);
        p.AddWithValue("@body", item.Body.GetRawText());
        p.AddWithValue("@created_at", item.CreatedAt.ToUnixTimeMilliseconds());
    }

    /// <summary>The item on the statement's current row (columns as in <see cref="SelectList"/>).</summary>
    public static ConversationItem Read(SqliteStatement row, ConversationKey conversation) => new()
    {
        TenantId = conversation.TenantId,
        UserId = conversation.UserId,
        ConversationId = conversation.ConversationId,
        Id = row.Text(0),
        Type = row.Text(1),
        Role = row.TextOrNull(2),
        Body = row.Json(3),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.Integer(4)),
    };

    /// <summary>The page's SELECT: a row-value keyset range over ix_items_list (or ix_items_role), so a deep page costs what the first costs.</summary>
    public static SqliteSql List(ItemQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var key = query.Conversation;
        var (beyond, short_) = query.Descending ? ("<", ">") : (">", "<");
        var direction = query.Descending ? "DESC" : "ASC";
        var sql = Where(new SqliteSql($"SELECT {SelectList} FROM {Table}"), key);
        if (query.UserMessagesOnly)
        {
            sql.Append(" AND role = 'user'");
        }

        if (query.After is { } after)
        {
            sql.Append($" AND (created_at, seq) {beyond} (").Value(after.SortValueAsMillis()).Append(", ").Value(after.Id).Append(")");
        }

        if (query.Before is { } before)
        {
            sql.Append($" AND (created_at, seq) {short_} (").Value(before.SortValueAsMillis()).Append(", ").Value(before.Id).Append(")");
        }

        return sql.Append($" ORDER BY created_at {direction}, seq {direction}").Append(SqliteListQuery.Limit(query.Limit));
    }

    public static SqliteSql Where(SqliteSql sql, ConversationKey conversation) =>
        sql.Append(" WHERE tenant_id = ").Value(conversation.TenantId)
            .Append(" AND user_id = ").Value(conversation.UserId)
            .Append(" AND conversation_id = ").Value(conversation.ConversationId);
}
