using System.Text.Json;
using Conversations.Model;
using Microsoft.Data.Sqlite;

namespace Conversations.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file. A connection is opened per call (Microsoft.Data.Sqlite pools
/// them), an update is one UPDATE … SET of the changed columns (writers queue on SQLite's write lock and
/// none can lose another's change), and every list is a keyset page over a covering index.
/// </summary>
public sealed class SqliteConversationStore(string connectionString) : IConversationStore, IDisposable
{
    private const int BulkBatchSize = 10_000;

    private readonly SqliteReadSessions _reads = new(connectionString);

    public void Dispose() => _reads.Dispose();

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await SqliteSchema.MigrateAsync(connection, cancellationToken);
    }

    public Task<Conversation?> FindConversationAsync(UserScope scope, string id, CancellationToken cancellationToken) =>
        ReadAsync(session => ReadOneAsync(Prepared(session, FindConversationSql(scope, id)), SqliteRows.ReadConversation, cancellationToken), cancellationToken);

    public Task<Page<Conversation>> ListConversationsAsync(ConversationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync(
            session => ReadPageAsync(Prepared(session, SqliteListQuery.Build(query)), query.Limit, SqliteRows.ReadConversation, cancellationToken),
            cancellationToken);
    }

    public Task CreateConversationAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO conversations ({SqliteRows.ConversationColumns}) VALUES ({SqliteRows.ConversationParameters})";
            SqliteRows.Bind(command, conversation);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public Task<Conversation?> UpdateConversationAsync(UserScope scope, string id, ConversationChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var (sql, parameters) = FindConversationSql(scope, id);
        var set = SqliteChanges.Columns(changes);
        parameters.AddRange(set.Select(c => new KeyValuePair<string, object>("@set_" + c.Column, c.Value)));
        var update = $"UPDATE conversations SET {string.Join(", ", set.Select(c => $"{c.Column} = @set_{c.Column}"))}"
            + sql[sql.IndexOf(" WHERE ", StringComparison.Ordinal)..] + $" RETURNING {SqliteRows.ConversationColumns}";
        return RunAsync(async connection =>
        {
            await using var command = Unprepared(connection, (update, parameters));
            return await ReadOneAsync(command, SqliteRows.ReadConversation, cancellationToken);
        }, cancellationToken);
    }

    public Task<bool> DeleteConversationAsync(UserScope scope, string id, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            ArgumentNullException.ThrowIfNull(scope);
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM conversations WHERE tenant_id = @tenant AND id = @id" + (scope.IsTenantWide ? "" : " AND user_id = @user");
            delete.Parameters.AddWithValue("@tenant", scope.TenantId);
            delete.Parameters.AddWithValue("@id", id);
            if (!scope.IsTenantWide)
            {
                delete.Parameters.AddWithValue("@user", scope.UserId);
            }

            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }

            await using var variables = connection.CreateCommand();
            variables.Transaction = transaction;
            variables.CommandText = "DELETE FROM variables WHERE tenant_id = @tenant AND conversation_id = @id";
            variables.Parameters.AddWithValue("@tenant", scope.TenantId);
            variables.Parameters.AddWithValue("@id", id);
            await variables.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);

    public Task<Variable?> FindVariableAsync(ConversationKey conversation, string variableId, CancellationToken cancellationToken) =>
        ReadAsync(session => ReadOneAsync(Prepared(session, FindVariableSql(conversation, variableId)), SqliteRows.ReadVariable, cancellationToken), cancellationToken);

    public Task<Page<Variable>> ListVariablesAsync(VariableQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = $"SELECT {SqliteRows.VariableColumns} FROM variables WHERE tenant_id = @tenant AND user_id = @user AND conversation_id = @conversation";
        var p = new List<KeyValuePair<string, object>>
        {
            new("@tenant", query.Conversation.TenantId), new("@user", query.Conversation.UserId), new("@conversation", query.Conversation.ConversationId),
        };
        if (query.NameContains is not null)
        {
            sql += " AND instr(name_folded, @search) > 0";
            p.Add(new("@search", SqliteRows.Fold(query.NameContains)));
        }

        if (query.After is { } after)
        {
            sql += " AND (created_at, id) > (@after_value, @after_id)";
            p.Add(new("@after_value", after.SortValueAsMillis()));
            p.Add(new("@after_id", after.Id));
        }

        p.Add(new("@limit", query.Limit + 1));
        return ReadAsync(
            session => ReadPageAsync(Prepared(session, (sql + " ORDER BY created_at, id LIMIT @limit", p)), query.Limit, SqliteRows.ReadVariable, cancellationToken),
            cancellationToken);
    }

    public Task CreateVariableAsync(Variable variable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO variables ({SqliteRows.VariableColumns}) VALUES ({SqliteRows.VariableParameters})";
            SqliteRows.Bind(command, variable);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public Task<Variable?> UpdateVariableValueAsync(
        ConversationKey conversation, string variableId, JsonElement value, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        var (sql, parameters) = FindVariableSql(conversation, variableId);
        parameters.Add(new("@value", value.GetRawText()));
        parameters.Add(new("@updated_at", updatedAt.ToUnixTimeMilliseconds()));
        var update = "UPDATE variables SET value = @value, updated_at = @updated_at"
            + sql[sql.IndexOf(" WHERE ", StringComparison.Ordinal)..] + $" RETURNING {SqliteRows.VariableColumns}";
        return RunAsync(async connection =>
        {
            await using var command = Unprepared(connection, (update, parameters));
            return await ReadOneAsync(command, SqliteRows.ReadVariable, cancellationToken);
        }, cancellationToken);
    }

    public Task CheckAvailableAsync(CancellationToken cancellationToken) =>
        ReadAsync(async session => await Prepared(session, ("SELECT 1", [])).ExecuteScalarAsync(cancellationToken), cancellationToken);

    /// <summary>Loads many conversations at once (benchmarks, imports): prepared inserts in large transactions.</summary>
    public Task ImportConversationsAsync(IEnumerable<Conversation> conversations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        return RunAsync(async connection =>
        {
            using var batch = conversations.GetEnumerator();
            var more = batch.MoveNext();
            while (more)
            {
                await using var transaction = connection.BeginTransaction(deferred: false);
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = $"INSERT INTO conversations ({SqliteRows.ConversationColumns}) VALUES ({SqliteRows.ConversationParameters})";
                for (var i = 0; i < BulkBatchSize && more; i++, more = batch.MoveNext())
                {
                    SqliteRows.Bind(insert, batch.Current);
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            return true;
        }, cancellationToken);
    }

    private static (string Sql, List<KeyValuePair<string, object>> Parameters) FindConversationSql(UserScope scope, string id)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var p = new List<KeyValuePair<string, object>> { new("@tenant", scope.TenantId), new("@id", id) };
        var sql = $"SELECT {SqliteRows.ConversationColumns} FROM conversations WHERE tenant_id = @tenant AND id = @id";
        if (scope.UserId is { } user)
        {
            sql += " AND user_id = @user";
            p.Add(new("@user", user));
        }

        return (sql, p);
    }

    private static (string Sql, List<KeyValuePair<string, object>> Parameters) FindVariableSql(ConversationKey conversation, string variableId)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return (
            $"SELECT {SqliteRows.VariableColumns} FROM variables WHERE tenant_id = @tenant AND id = @id AND user_id = @user AND conversation_id = @conversation",
            [new("@tenant", conversation.TenantId), new("@user", conversation.UserId), new("@conversation", conversation.ConversationId), new("@id", variableId)]);
    }

    /// <summary>The session's prepared command for the statement, bound to its values.</summary>
    private static SqliteCommand Prepared(SqliteReadSessions.Session session, (string Sql, List<KeyValuePair<string, object>> Parameters) statement)
    {
        var command = session.Command(statement.Sql);
        SqliteListQuery.Bind(command, statement.Parameters);
        return command;
    }

    /// <summary>A one-off command on a connection of its own (writes, which run in their own transactions).</summary>
    private static SqliteCommand Unprepared(SqliteConnection connection, (string Sql, List<KeyValuePair<string, object>> Parameters) statement)
    {
        var command = connection.CreateCommand();
        command.CommandText = statement.Sql;
        SqliteListQuery.Bind(command, statement.Parameters);
        return command;
    }

    private static async Task<T?> ReadOneAsync<T>(SqliteCommand command, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
        where T : class
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? read(reader) : null;
    }

    private static async Task<Page<T>> ReadPageAsync<T>(SqliteCommand command, int limit, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        var items = new List<T>(limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(read(reader));
        }

        var hasMore = items.Count > limit;
        if (hasMore)
        {
            items.RemoveAt(limit);
        }

        return new Page<T>(items, hasMore);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Runs a write on a pooled connection of its own; a busy, locked or failing file is a store outage.</summary>
    private Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await work(connection);
        });

    /// <summary>Runs a read on a session that keeps its statements prepared.</summary>
    private Task<T> ReadAsync<T>(Func<SqliteReadSessions.Session, Task<T>> read, CancellationToken cancellationToken) =>
        GuardAsync(() => _reads.RunAsync(read, cancellationToken));

    private static async Task<T> GuardAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (SqliteException e) when (IsOutage(e.SqliteErrorCode))
        {
            throw new StoreUnavailableException("The SQLite store is busy or unavailable.", TimeSpan.FromSeconds(1), e);
        }
    }

    // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN (primary result codes).
    private static bool IsOutage(int code) => (code & 0xFF) is 5 or 6 or 10 or 13 or 14;
}
