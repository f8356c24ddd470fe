using Conversations.Model;
using Microsoft.Data.Sqlite;

namespace Conversations.Storage.Sqlite;

/// <summary>How a variable is stored: its value as JSON text, times as Unix milliseconds.</summary>
internal static class SqliteVariableRows
{
    public const string Table = "variables";

    public const string Columns =
        "tenant_id, user_id, conversation_id, id, name, name_folded, value_type, value, description, created_at, updated_at";

    /// <summary>What a read selects: the keys are the values the query is bound to, so they are not read.</summary>
    public const string SelectList = "id, name, value_type, value, description, created_at, updated_at";

    public const string Insert =
        $"INSERT INTO {Table} ({Columns}) VALUES " +
        "(@tenant_id, @user_id, @conversation_id, @id, @name, @name_folded, @value_type, @value, @description, @created_at, @updated_at)";

    public static void Bind(SqliteCommand command, Variable v)
    {
        var p = command.Parameters;
        p.Clear();
        p.AddWithValue("@tenant_id", v.TenantId);
        p.AddWithValue("@user_id", v.UserId);
        p.AddWithValue("@conversation_id", v.ConversationId);
        p.AddWithValue("@id", v.Id);
        p.AddWithValue("@name", v.Name);
        p.AddWithValue("@name_folded", SqliteConversationRows.Fold(v.Name));
        p.AddWithValue("@value_type", v.ValueType);
        p.AddWithValue("@value", v.Value.GetRawText());
        p.AddWithValue("@description", v.Description);
        p.AddWithValue("@created_at", v.CreatedAt.ToUnixTimeMilliseconds());
        p.AddWithValue("@updated_at", v.UpdatedAt.ToUnixTimeMilliseconds());
    }

    /// <summary>The variable on the statement's current row (columns as in <see cref="SelectList"/>).</summary>
    public static Variable Read(SqliteStatement row, ConversationKey conversation) => new()
    {
        TenantId = conversation.TenantId,
        UserId = conversation.UserId,
        ConversationId = conversation.ConversationId,
        Id = row.Text(0),
        Name = row.Text(1),
        ValueType = row.Text(2),
        Value = row.Json(3),
        Description = row.Text(4),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.Integer(5)),
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.Integer(6)),
    };
}
