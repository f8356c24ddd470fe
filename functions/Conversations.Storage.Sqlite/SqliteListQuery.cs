using System.Globalization;

namespace Conversations.Storage.Sqlite;

/// <summary>
/// Builds the one SELECT a page needs. Only column names and directions come from code (a fixed
/// switch); every value the caller sent is a parameter. The keyset predicate is a row-value comparison,
/// which SQLite turns into an index range start, so no row before the position is read.
/// </summary>
internal static class SqliteListQuery
{
    /// <summary>The largest page every dialect serves (their limits stop at 100).</summary>
    public const int LargestCommonPage = 100;

    /// <summary>
    /// The most rows a filtered page examines. The filters have no index, so a filter that matches
    /// little walks the list's index row by row; past this many rows the page ends where the scan
    /// stopped (<see cref="Page{T}.ScanStoppedAt"/>), so no request reads a whole tenant.
    /// </summary>
    public const int MaxRowsExamined = 10_000;

    public static SqliteSql Conversations(ConversationQuery query, SqliteConversationColumns columns)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(columns);
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

        // A filtered list reads every row of the walk with its sort value and whether it matches (the
        // last two columns), so the reader can count the rows it examines and say where it stopped.
        var filtered = query.Filter != ConversationFilter.None;
        var sql = new SqliteSql($"SELECT {columns.SelectList}");
        if (filtered)
        {
            sql.Append($", {column}, (1");
            AppendFilter(sql, query.Filter);
            sql.Append(")");
        }

        sql.Append($" FROM {SqliteConversationRows.Table} WHERE tenant_id = ").Value(query.Scope.TenantId);
        if (query.Scope.UserId is { } user)
        {
            sql.Append(" AND user_id = ").Value(user);
        }

        if (query.After is { } after)
        {
            if (query.Sort.Field == ConversationSortField.Id)
            {
                sql.Append($" AND id {comparison} ").Value(after.Id);
            }
            else
            {
                sql.Append($" AND ({column}, id) {comparison} (")
                    .Value(query.Sort.Field is ConversationSortField.Name ? after.SortValue : after.SortValueAsMillis())
                    .Append(", ").Value(after.Id).Append(")");
            }
        }

        sql.Append(query.Sort.Field == ConversationSortField.Id ? $" ORDER BY id {direction}" : $" ORDER BY {column} {direction}, id {direction}");
        return sql.Append(filtered ? string.Create(CultureInfo.InvariantCulture, $" LIMIT {MaxRowsExamined + 1}") : Limit(query.Limit));
    }

    /// <summary>The filter's conditions, each as <c> AND …</c>.</summary>
    private static void AppendFilter(SqliteSql sql, ConversationFilter filter)
    {
        if (filter.Status is not null)
        {
            sql.Append(" AND status = ").Value(filter.Status);
        }

        if (filter.NameContains is not null)
        {
            // instr, not LIKE: the needle's % and _ are plain characters.
            sql.Append(" AND instr(name_folded, ").Value(SqliteConversationRows.Fold(filter.NameContains)).Append(") > 0");
        }

        if (filter.CollectionId is not null)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM json_each(collections) WHERE json_each.value = ").Value(filter.CollectionId).Append(")");
        }

        if (filter.AgentName is not null)
        {
            sql.Append(" AND agent_name = ").Value(filter.AgentName);
            if (filter.AgentVersion is not null)
            {
                sql.Append(" AND agent_version = ").Value(filter.AgentVersion);
            }
        }
    }

    public static SqliteSql Variables(VariableQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var key = query.Conversation;
        var sql = new SqliteSql($"SELECT {SqliteVariableRows.SelectList} FROM {SqliteVariableRows.Table} WHERE tenant_id = ").Value(key.TenantId)
            .Append(" AND user_id = ").Value(key.UserId)
            .Append(" AND conversation_id = ").Value(key.ConversationId);
        if (query.NameContains is not null)
        {
            sql.Append(" AND instr(name_folded, ").Value(SqliteConversationRows.Fold(query.NameContains)).Append(") > 0");
        }

        if (query.After is { } after)
        {
            sql.Append(" AND (created_at, id) > (").Value(after.SortValueAsMillis()).Append(", ").Value(after.Id).Append(")");
        }

        return sql.Append(" ORDER BY created_at, id").Append(Limit(query.Limit));
    }

    /// <summary>
    /// The LIMIT clause: a constant, never a parameter. SQLite lets a bound LIMIT steer the plan, so a
    /// statement whose LIMIT is bound is compiled again on every run. The constant covers every page up
    /// to <see cref="LargestCommonPage"/> and its has-more row; the page reader stops after limit + 1
    /// rows, and as every list walks an index in order, no row after those is read. A larger page gets
    /// a statement of its own.
    /// </summary>
    public static string Limit(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return string.Create(CultureInfo.InvariantCulture, $" LIMIT {Math.Max(limit, LargestCommonPage) + 1}");
    }
}
