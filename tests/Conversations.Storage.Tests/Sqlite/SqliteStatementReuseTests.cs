using Conversations.Model;
using Conversations.Storage.Sqlite;
using Conversations.Storage.Tests.Conformance;
using Conversations.Testing;

namespace Conversations.Storage.Tests.Sqlite;

/// <summary>
/// A list call binds and steps a statement compiled once: nothing a caller sends (tenant, user, page
/// size, position) may make SQLite compile it again. Counted with SQLite's own per-statement counters.
/// </summary>
public sealed class SqliteStatementReuseTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    [Fact]
    public async Task Lists_of_one_shape_run_one_statement_that_is_never_compiled_again()
    {
        var store = fixture.Store;
        var tenants = new[] { TestData.NewTenant(), TestData.NewTenant() };
        var conversations = new List<Conversation>();
        foreach (var tenant in tenants)
        {
            for (var i = 0; i < 30; i++)
            {
                var conversation = TestData.Conversation(tenant, $"u{i % 2}", TestData.Epoch.AddMilliseconds(i), $"c{i}");
                conversations.Add(conversation);
                await store.CreateConversationAsync(conversation, CancellationToken.None);
                await store.CreateVariableAsync(TestData.Variable(conversation, "v"), CancellationToken.None);
            }
        }

        var sort = new ConversationSort(ConversationSortField.UpdatedAt, true);
        const ConversationFields dify = ConversationFields.Name | ConversationFields.Introduction | ConversationFields.Inputs | ConversationFields.Status;
        var limits = new[] { 1, 2, 20, 100 };
        var calls = 0;
        // Sequential calls share one read session, so every statement below lives on one connection.
        foreach (var tenant in tenants)
        {
            foreach (var user in new[] { "u0", "u1" })
            {
                foreach (var limit in limits)
                {
                    var scope = UserScope.User(tenant, user);
                    var first = await store.ListConversationsAsync(new(scope, sort, ConversationFilter.None, limit, Fields: dify), CancellationToken.None);
                    await store.ListConversationsAsync(new(scope, sort, ConversationFilter.None, limit, KeysetPosition.Of(first.Items[^1], sort.Field), dify), CancellationToken.None);
                    var variableOwner = conversations.First(c => c.TenantId == tenant && c.UserId == user);
                    await store.ListVariablesAsync(new VariableQuery(new ConversationKey(tenant, user, variableOwner.Id), null, limit), CancellationToken.None);
                    calls++;
                }
            }
        }

        var statements = store.ReadSessions.IdleStatements().ToList();
        Assert.All(statements, s => Assert.True(s.Reprepares == 0, $"Compiled again {s.Reprepares} time(s): {s.Sql}"));
        // Three shapes (a first page, a later page, a variables page): one statement each, run by every call.
        Assert.Equal(3, statements.Count);
        Assert.All(statements, s => Assert.Equal(calls, s.Runs));
    }
}
