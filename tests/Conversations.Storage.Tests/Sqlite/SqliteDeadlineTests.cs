using Conversations.Storage.Sqlite;
using Conversations.Storage.Tests.Conformance;

namespace Conversations.Storage.Tests.Sqlite;

/// <summary>
/// Reads run synchronously on the request's thread, so the request deadline must stop a statement
/// while it steps (sqlite3_interrupt), not only between statements.
/// </summary>
public sealed class SqliteDeadlineTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    // A statement that never ends by itself: counting an endless recursive sequence.
    private const string Endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n";

    [Fact]
    public async Task Cancelling_interrupts_a_statement_in_the_middle_of_a_step_and_the_next_read_works()
    {
        using var sessions = new SqliteReadSessions(new SqliteConnections(fixture.ConnectionString));
        using var deadline = new CancellationTokenSource();

        var read = sessions.RunAsync(session =>
        {
            var statement = session.Statement(Endless, []);
            // The deadline passes while the statement steps; only an interrupt can end this step.
            deadline.CancelAfter(TimeSpan.FromMilliseconds(100));
            return statement.Step();
        }, deadline.Token);

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Equal(deadline.Token, cancelled.CancellationToken);
        Assert.Equal(1L, await sessions.RunAsync(session =>
        {
            var statement = session.Statement("SELECT 1", []);
            try
            {
                return statement.Step() ? statement.Integer(0) : 0;
            }
            finally
            {
                statement.Reset();
            }
        }, CancellationToken.None));
    }
}
