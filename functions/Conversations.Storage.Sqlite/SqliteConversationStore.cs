using System.Text.Json;
using Conversations.Model;
using Conversations.Telemetry;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Conversations.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file. Reads run on sessions that keep their statements prepared and
/// read only the columns the caller asked for; every list is a keyset page over an index. Writes run
/// on a pooled connection each; an update is one UPDATE … SET of the changed columns (writers queue on
/// SQLite's write lock and none can lose another's change). Each call is one round trip to the file.
/// </summary>
public sealed partial class SqliteConversationStore : IConversationStore, IDisposable
{
    private const string StoreName = "sqlite";

    private readonly SqliteConnections _connections;
    private readonly SqliteReadSessions _reads;
    private readonly SqliteRepairedRows _repaired;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeQueue = new(1, 1);

    public SqliteConversationStore(string connectionString, ILogger<SqliteConversationStore> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _connections = new SqliteConnections(connectionString);
        _reads = new SqliteReadSessions(_connections);
        _repaired = new SqliteRepairedRows(logger);
        _logger = logger;
    }

    /// <summary>The read sessions, for tests that look at how statements are prepared and reused.</summary>
    internal SqliteReadSessions ReadSessions => _reads;

    public void Dispose()
    {
        _reads.Dispose();
        _writeQueue.Dispose();
    }

    /// <summary>Creates the file if it is missing and migrates its schema to this build's version.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(new SqliteConnectionStringBuilder(_connections.CreateIfMissing).DataSource) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        await using var connection = new SqliteConnection(_connections.CreateIfMissing);
        await connection.OpenAsync(cancellationToken);
        await SqliteSchema.MigrateAsync(connection, cancellationToken);
    }

    public Task<Conversation?> FindConversationAsync(UserScope scope, string id, CancellationToken cancellationToken) =>
        FindConversationAsync(scope, id, ConversationFields.All, cancellationToken);

    public Task<Conversation?> FindConversationAsync(UserScope scope, string id, ConversationFields fields, CancellationToken cancellationToken)
    {
        var columns = SqliteConversationColumns.For(fields, scope);
        var sql = WhereConversation(new SqliteSql($"SELECT {columns.SelectList} FROM {SqliteConversationRows.Table}"), scope, id);
        return ReadAsync("find conversation", session => ReadSingle(session.Statement(sql.ToString(), sql.Values), s => ReadConversation(s, columns, scope)), cancellationToken);
    }

    public Task<Page<Conversation>> ListConversationsAsync(ConversationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var columns = SqliteConversationColumns.For(query.Fields, query.Scope, query.Sort.Field);
        var sql = SqliteListQuery.Conversations(query, columns);
        return ReadAsync(
            "list conversations",
            session => query.Filter == ConversationFilter.None
                ? ReadPage(session.Statement(sql.ToString(), sql.Values), query.Limit, s => ReadConversation(s, columns, query.Scope))
                : ReadFilteredPage(session.Statement(sql.ToString(), sql.Values), query, s => ReadConversation(s, columns, query.Scope)),
            cancellationToken);
    }

    public Task CreateConversationAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return WriteAsync("create conversation", async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = SqliteConversationRows.Insert;
            SqliteConversationRows.Bind(command, conversation);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public Task<Conversation?> UpdateConversationAsync(UserScope scope, string id, ConversationChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var columns = SqliteConversationColumns.All(scope);
        var sql = new SqliteSql($"UPDATE {SqliteConversationRows.Table} SET ");
        var first = true;
        foreach (var (column, value) in SqliteChanges.Columns(changes))
        {
            sql.Append(first ? $"{column} = " : $", {column} = ").Value(value);
            first = false;
        }

        WhereConversation(sql, scope, id).Append($" RETURNING {columns.SelectList}");
        return WriteAsync("update conversation", connection => Task.FromResult(RunOnce(connection, sql, s => ReadConversation(s, columns, scope))), cancellationToken);
    }

    public Task<bool> DeleteConversationAsync(UserScope scope, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return WriteAsync("delete conversation", async connection =>
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            await DeleteItemsOfAsync(connection, transaction, scope.TenantId, id, cancellationToken);
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = $"DELETE FROM {SqliteConversationRows.Table} WHERE tenant_id = @tenant AND id = @id" + (scope.IsTenantWide ? "" : " AND user_id = @user");
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
            variables.CommandText = $"DELETE FROM {SqliteVariableRows.Table} WHERE tenant_id = @tenant AND conversation_id = @id";
            variables.Parameters.AddWithValue("@tenant", scope.TenantId);
            variables.Parameters.AddWithValue("@id", id);
            await variables.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<Variable?> FindVariableAsync(ConversationKey conversation, string variableId, CancellationToken cancellationToken)
    {
        var sql = WhereVariable(new SqliteSql($"SELECT {SqliteVariableRows.SelectList} FROM {SqliteVariableRows.Table}"), conversation, variableId);
        return ReadAsync("find variable", session => ReadSingle(session.Statement(sql.ToString(), sql.Values), s => ReadVariable(s, conversation)), cancellationToken);
    }

    public Task<Page<Variable>> ListVariablesAsync(VariableQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = SqliteListQuery.Variables(query);
        return ReadAsync(
            "list variables",
            session => ReadPage(session.Statement(sql.ToString(), sql.Values), query.Limit, s => ReadVariable(s, query.Conversation)),
            cancellationToken);
    }

    public Task CreateVariableAsync(Variable variable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return WriteAsync("create variable", async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = SqliteVariableRows.Insert;
            SqliteVariableRows.Bind(command, variable);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public Task<Variable?> UpdateVariableValueAsync(
        ConversationKey conversation, string variableId, JsonElement value, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        var sql = new SqliteSql($"UPDATE {SqliteVariableRows.Table} SET value = ").Value(value.GetRawText())
            .Append(", updated_at = ").Value(updatedAt.ToUnixTimeMilliseconds());
        WhereVariable(sql, conversation, variableId).Append($" RETURNING {SqliteVariableRows.SelectList}");
        return WriteAsync("update variable", connection => Task.FromResult(RunOnce(connection, sql, s => ReadVariable(s, conversation))), cancellationToken);
    }

    /// <summary>
    /// Reads the schema version through a kept statement: a locked file fails at once instead of
    /// queueing for the lock, a missing one cannot be opened, and a file this build has not migrated
    /// is not one the store can serve.
    /// </summary>
    public Task CheckAvailableAsync(CancellationToken cancellationToken) =>
        ReadAsync("check available", session => session.WithoutWaiting(() =>
        {
            var statement = session.Statement("PRAGMA user_version", []);
            try
            {
                var version = statement.Step() ? statement.Integer(0) : 0;
                if (version < SqliteSchema.Version)
                {
                    throw new StoreUnavailableException($"The SQLite file is at schema version {version}; this build needs {SqliteSchema.Version}.", SqliteFaults.RetryAfter);
                }

                return true;
            }
            finally
            {
                statement.Reset();
            }
        }), cancellationToken);

    private static SqliteSql WhereConversation(SqliteSql sql, UserScope scope, string id)
    {
        ArgumentNullException.ThrowIfNull(scope);
        sql.Append(" WHERE tenant_id = ").Value(scope.TenantId).Append(" AND id = ").Value(id);
        return scope.UserId is { } user ? sql.Append(" AND user_id = ").Value(user) : sql;
    }

    private static SqliteSql WhereVariable(SqliteSql sql, ConversationKey conversation, string variableId)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return sql.Append(" WHERE tenant_id = ").Value(conversation.TenantId)
            .Append(" AND id = ").Value(variableId)
            .Append(" AND user_id = ").Value(conversation.UserId)
            .Append(" AND conversation_id = ").Value(conversation.ConversationId);
    }

    private Conversation ReadConversation(SqliteStatement row, SqliteConversationColumns columns, UserScope scope)
    {
        var conversation = columns.Read(row, scope);
        if (row.RowRepaired)
        {
            _repaired.Report(SqliteConversationRows.Table, conversation.Id);
        }

        return conversation;
    }

    private Variable ReadVariable(SqliteStatement row, ConversationKey conversation)
    {
        var variable = SqliteVariableRows.Read(row, conversation);
        if (row.RowRepaired)
        {
            _repaired.Report(SqliteVariableRows.Table, variable.Id);
        }

        return variable;
    }

    /// <summary>The only row of a statement (or null), stepping it to the end so a write commits before this returns.</summary>
    private static T? ReadSingle<T>(SqliteStatement statement, Func<SqliteStatement, T> read)
        where T : class
    {
        try
        {
            var item = statement.Step() ? read(statement) : null;
            while (statement.Step())
            {
            }

            return item;
        }
        finally
        {
            statement.Reset();
        }
    }

    /// <summary>The first <paramref name="limit"/> rows, and whether one more follows; no row after that is stepped.</summary>
    private static Page<T> ReadPage<T>(SqliteStatement statement, int limit, Func<SqliteStatement, T> read)
    {
        try
        {
            var items = new List<T>(Math.Min(limit, SqliteListQuery.LargestCommonPage));
            while (items.Count < limit && statement.Step())
            {
                items.Add(read(statement));
            }

            return new Page<T>(items, items.Count == limit && statement.Step());
        }
        finally
        {
            // Ends the read transaction; a statement left stepping would hold back WAL checkpoints.
            statement.Reset();
        }
    }

    /// <summary>
    /// A page of the rows that match, from a walk whose last two columns are each row's sort value and
    /// whether it matches: stops at the match after a full page, or after examining
    /// <see cref="SqliteListQuery.MaxRowsExamined"/> rows, saying where.
    /// </summary>
    private static Page<T> ReadFilteredPage<T>(SqliteStatement statement, ConversationQuery query, Func<SqliteStatement, T> read)
    {
        try
        {
            var (sortColumn, matchColumn) = (statement.ColumnCount - 2, statement.ColumnCount - 1);
            var items = new List<T>(Math.Min(query.Limit, SqliteListQuery.LargestCommonPage));
            var examined = 0;
            while (statement.Step())
            {
                examined++;
                if (statement.Integer(matchColumn) != 0)
                {
                    if (items.Count == query.Limit)
                    {
                        return new Page<T>(items, true);
                    }

                    items.Add(read(statement));
                }

                if (examined == SqliteListQuery.MaxRowsExamined)
                {
                    var sortValue = query.Sort.Field is ConversationSortField.Name or ConversationSortField.Id
                        ? statement.Text(sortColumn)
                        : statement.Integer(sortColumn).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var stoppedAt = new KeysetPosition(sortValue, statement.Text(0));
                    // One row more (the statement's LIMIT allows it) tells whether anything is left to scan.
                    return statement.Step() ? new Page<T>(items, true, stoppedAt) : new Page<T>(items, false);
                }
            }

            return new Page<T>(items, false);
        }
        finally
        {
            statement.Reset();
        }
    }

    /// <summary>Runs a one-off statement (an UPDATE … RETURNING) on a write connection.</summary>
    private static T? RunOnce<T>(SqliteConnection connection, SqliteSql sql, Func<SqliteStatement, T> read)
        where T : class
    {
        using var statement = new SqliteStatement(connection, sql.ToString(), persistent: false).Bind(sql.Values);
        return ReadSingle(statement, read);
    }

    /// <summary>Runs a read on a session that keeps its statements prepared.</summary>
    private Task<T> ReadAsync<T>(string operation, Func<SqliteReadSessions.Session, T> read, CancellationToken cancellationToken) =>
        GuardAsync(operation, () => _reads.RunAsync(read, cancellationToken));

    /// <summary>
    /// Runs a write on a pooled connection of its own, after the writes queued before it. SQLite lets
    /// one writer in at a time; left to SQLite, a writer that finds the lock taken sleeps in the busy
    /// handler, for 1 ms at first and up to 100 ms a time, so under concurrent writes some waited many
    /// times longer than the writes ahead of them took. Queued here, each starts as soon as the one
    /// before it is done, and the busy handler only waits for other processes (the CLI's commands).
    /// </summary>
    private Task<T> WriteAsync<T>(string operation, Func<SqliteConnection, Task<T>> write, CancellationToken cancellationToken) =>
        GuardAsync(operation, async () =>
        {
            await using var connection = await _connections.OpenAsync(cancellationToken);
            await _writeQueue.WaitAsync(cancellationToken);
            try
            {
                return await write(connection);
            }
            finally
            {
                _writeQueue.Release();
            }
        });

    /// <summary>Reports the call, and turns a busy, locked, missing or failing file into a store outage.</summary>
    private async Task<T> GuardAsync<T>(string operation, Func<Task<T>> work)
    {
        StoreTelemetry.Record(StoreName, operation, 1, null);
        try
        {
            return await work();
        }
        catch (SqliteException e) when (SqliteFaults.IsOutage(e))
        {
            SqliteLog.Unavailable(_logger, e, operation, e.SqliteErrorCode);
            throw new StoreUnavailableException("The SQLite store is busy or unavailable.", SqliteFaults.RetryAfter, e);
        }
    }
}
