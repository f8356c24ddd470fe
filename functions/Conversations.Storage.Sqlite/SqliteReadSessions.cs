using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Conversations.Storage.Sqlite;

/// <summary>
/// Open connections kept with their prepared statements, for reads. Microsoft.Data.Sqlite pools
/// connections but prepares every new command again; for a list page that compile is most of the
/// store's cost (measured: an empty page ran at a quarter of the framework's request rate). A
/// session keeps one command per SQL text, so a repeated query shape only binds and steps.
/// </summary>
internal sealed class SqliteReadSessions(string connectionString) : IDisposable
{
    // Distinct query shapes are few (sort × direction × filters × resume); the cap only guards memory.
    private const int MaxStatementsPerSession = 128;

    private readonly ConcurrentBag<Session> _idle = [];

    public async Task<T> RunAsync<T>(Func<Session, Task<T>> read, CancellationToken cancellationToken)
    {
        if (!_idle.TryTake(out var session))
        {
            var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            session = new Session(connection);
        }

        try
        {
            var result = await read(session);
            _idle.Add(session);
            return result;
        }
        catch
        {
            // A session that failed mid-read may hold a half-stepped statement: drop it.
            session.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var session))
        {
            session.Dispose();
        }
    }

    internal sealed class Session(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        public SqliteConnection Connection => connection;

        /// <summary>The prepared command for <paramref name="sql"/>, with its parameters cleared for binding.</summary>
        public SqliteCommand Command(string sql)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                if (_commands.Count >= MaxStatementsPerSession)
                {
                    DisposeCommands();
                }

                command = connection.CreateCommand();
                command.CommandText = sql;
                _commands[sql] = command;
            }

            command.Parameters.Clear();
            return command;
        }

        public void Dispose()
        {
            DisposeCommands();
            connection.Dispose();
        }

        private void DisposeCommands()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            _commands.Clear();
        }
    }
}
