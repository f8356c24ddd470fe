using System.Text;

namespace Conversations.Storage.Sqlite;

/// <summary>
/// Builds the one SELECT a conversation page needs. Only column names and directions come from code
/// (a fixed switch); every value the caller sent is a parameter. The keyset predicate is a row-value
/// comparison, which SQLite turns into an index range start, so no row before the position is read.
/// </summary>
internal static class SqliteListQuery
{
    /// <summary>The SQL text for the query's shape, and the values to bind to it.</summary>
    public static (string Sql, List<KeyValuePair<string, object>> Parameters) Build(ConversationQuery query)
    {
        var column = query.Sort.Field switch
        {
            ConversationSortField.CreatedAt => "created_at",
            ConversationSortField.UpdatedAt => "updated_at",
            ConversationSortField.Name => "name",
            ConversationSortField.Id => "id",
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Sort.Field, null),
        };
        var direction = query.Sort.Descending ? "DESC" : "ASC";
        var comparison = query.Sort.Descending ? "<" : ">";

        var sql = new StringBuilder($"SELECT {SqliteRows.ConversationColumns} FROM conversations WHERE tenant_id = @tenant");
        var p = new List<KeyValuePair<string, object>>();
        p.Add(new("@tenant", query.Scope.TenantId));
        if (query.Scope.UserId is { } user)
        {
            sql.Append(" AND user_id = @user");
            p.Add(new("@user", user));
        }

        var filter = query.Filter;
        if (filter.Status is not null)
        {
            sql.Append(" AND status = @status");
            p.Add(new("@status", filter.Status));
        }

        if (filter.NameContains is not null)
        {
            // instr, not LIKE: the needle's % and _ are plain characters.
            sql.Append(" AND instr(name_folded, @search) > 0");
            p.Add(new("@search", SqliteRows.Fold(filter.NameContains)));
        }

        if (filter.CollectionId is not null)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM json_each(collections) WHERE json_each.value = @collection)");
            p.Add(new("@collection", filter.CollectionId));
        }

        if (filter.AgentName is not null)
        {
            sql.Append(" AND agent_name = @agent_name");
            p.Add(new("@agent_name", filter.AgentName));
            if (filter.AgentVersion is not null)
            {
                sql.Append(" AND agent_version = @agent_version");
                p.Add(new("@agent_version", filter.AgentVersion));
            }
        }

        if (query.After is { } after)
        {
            if (query.Sort.Field == ConversationSortField.Id)
            {
                sql.Append($" AND id {comparison} @after_id");
            }
            else
            {
                sql.Append($" AND ({column}, id) {comparison} (@after_value, @after_id)");
                p.Add(new("@after_value", query.Sort.Field is ConversationSortField.Name ? (object)after.SortValue : after.SortValueAsMillis()));
            }

            p.Add(new("@after_id", after.Id));
        }

        sql.Append(query.Sort.Field == ConversationSortField.Id ? $" ORDER BY id {direction}" : $" ORDER BY {column} {direction}, id {direction}");
        // One row more than the page: whether it exists is has_more, exactly and for free.
        sql.Append(" LIMIT @limit");
        p.Add(new("@limit", query.Limit + 1));
        return (sql.ToString(), p);
    }

    /// <summary>Binds <paramref name="parameters"/> to a command whose parameters are empty.</summary>
    public static void Bind(Microsoft.Data.Sqlite.SqliteCommand command, List<KeyValuePair<string, object>> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
    }
}
