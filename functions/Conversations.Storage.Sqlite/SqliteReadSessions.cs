using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Conversations.Storage.Sqlite;

/// <summary>
/// Open connections kept with their prepared statements, for reads. Microsoft.Data.Sqlite pools
/// connections but prepares every new command again; for a list page that compile was most of the
/// store's cost. A session keeps one statement per SQL text, so a repeated query shape only binds and
/// steps. No statement text holds a value the caller sent, so the shapes are few.
/// </summary>
internal sealed class SqliteReadSessions(SqliteConnections connections) : IDisposable
{
    // Distinct query shapes are few (sort × direction × scope × filters × resume × fields read); the
    // cap only guards memory.
    private const int MaxStatementsPerSession = 256;

    private readonly ConcurrentBag<Session> _idle = [];

    public async Task<T> RunAsync<T>(Func<Session, T> read, CancellationToken cancellationToken)
    {
        if (!_idle.TryTake(out var session))
        {
            session = new Session(await connections.OpenAsync(cancellationToken), connections.BusyTimeout);
        }

        try
        {
            T result;
            // The read runs synchronously; cancelling interrupts the statement itself, so the request
            // deadline stops a long scan mid-step, not only between statements.
            using (cancellationToken.Register(static s => ((Session)s!).Interrupt(), session))
            {
                cancellationToken.ThrowIfCancellationRequested();
                result = read(session);
            }

            _idle.Add(session);
            return result;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == raw.SQLITE_INTERRUPT && cancellationToken.IsCancellationRequested)
        {
            session.Dispose();
            throw new OperationCanceledException("The read was interrupted at the request deadline.", e, cancellationToken);
        }
        catch
        {
            // A session that failed mid-read may hold a half-stepped statement: drop it.
            session.Dispose();
            throw;
        }
    }

    /// <summary>The statements the idle sessions hold (for tests that check how statements are reused).</summary>
    internal IEnumerable<SqliteStatement> IdleStatements() => _idle.SelectMany(s => s.Statements);

    public void Dispose()
    {
        while (_idle.TryTake(out var session))
        {
            session.Dispose();
        }
    }

    internal sealed class Session(SqliteConnection connection, TimeSpan busyTimeout) : IDisposable
    {
        private readonly Dictionary<string, SqliteStatement> _statements = new(StringComparer.Ordinal);

        public IEnumerable<SqliteStatement> Statements => _statements.Values;

        /// <summary>The prepared statement for <paramref name="sql"/>, bound to <paramref name="values"/>.</summary>
        public SqliteStatement Statement(string sql, IReadOnlyList<object?> values)
        {
            if (!_statements.TryGetValue(sql, out var statement))
            {
                if (_statements.Count >= MaxStatementsPerSession)
                {
                    DisposeStatements();
                }

                statement = new SqliteStatement(connection, sql, persistent: true);
                _statements[sql] = statement;
            }

            return statement.Bind(values);
        }

        /// <summary>Stops the statement running on this connection (from any thread); it fails with SQLITE_INTERRUPT.</summary>
        public void Interrupt() => raw.sqlite3_interrupt(connection.Handle);

        /// <summary>Runs <paramref name="read"/> without waiting for locks: a file another process holds fails at once (SQLITE_BUSY).</summary>
        public T WithoutWaiting<T>(Func<T> read)
        {
            raw.sqlite3_busy_timeout(connection.Handle, 0);
            try
            {
                return read();
            }
            finally
            {
                raw.sqlite3_busy_timeout(connection.Handle, (int)busyTimeout.TotalMilliseconds);
            }
        }

        public void Dispose()
        {
            // Statements first: a connection closed under open statements would stay open as a zombie.
            DisposeStatements();
            connection.Dispose();
        }

        private void DisposeStatements()
        {
            foreach (var statement in _statements.Values)
            {
                statement.Dispose();
            }

            _statements.Clear();
        }
    }
}
