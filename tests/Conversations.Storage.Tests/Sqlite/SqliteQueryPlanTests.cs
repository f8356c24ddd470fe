using Conversations.Storage.Sqlite;
using Conversations.Storage.Tests.Conformance;
using Microsoft.Data.Sqlite;

namespace Conversations.Storage.Tests.Sqlite;

/// <summary>
/// Depth-independent cost, checked where it is decided: every list shape must be an index range
/// scan in the requested order, never a full scan or a sort of the user's whole history.
/// </summary>
public sealed class SqliteQueryPlanTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    public static TheoryData<ConversationSortField, bool, bool, bool> Shapes()
    {
        var data = new TheoryData<ConversationSortField, bool, bool, bool>();
        foreach (var field in Enum.GetValues<ConversationSortField>())
        {
            foreach (var descending in new[] { false, true })
            {
                foreach (var tenantWide in new[] { false, true })
                {
                    foreach (var deep in new[] { false, true })
                    {
                        data.Add(field, descending, tenantWide, deep);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Every_list_shape_seeks_an_index_and_needs_no_sort(ConversationSortField field, bool descending, bool tenantWide, bool deep)
    {
        var scope = tenantWide ? UserScope.WholeTenant("t") : UserScope.User("t", "u");
        var query = new ConversationQuery(scope, new(field, descending), ConversationFilter.None, 20, deep ? new KeysetPosition(field is ConversationSortField.Name or ConversationSortField.Id ? "m" : "1767225600000", "0199") : null);
        await using var connection = new SqliteConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        var sql = SqliteListQuery.Conversations(query, SqliteConversationColumns.For(query.Fields, scope, field));
        using var explain = new SqliteStatement(connection, "EXPLAIN QUERY PLAN " + sql, persistent: false).Bind(sql.Values);

        var plan = new List<string>();
        while (explain.Step())
        {
            plan.Add(explain.Text(3));
        }

        // One step: a SEARCH on an index whose equality prefix is the scope; a deep page adds the
        // keyset bound to that same search (e.g. "(updated_at,id)<(?,?)"), so no earlier row is read.
        var step = Assert.Single(plan);
        Assert.StartsWith("SEARCH conversations USING INDEX", step, StringComparison.Ordinal);
        Assert.Contains(tenantWide ? "(tenant_id=?" : "(tenant_id=? AND user_id=?", step, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", step, StringComparison.Ordinal);
        if (deep)
        {
            Assert.Matches(descending ? @"id\)?<\(?\?" : @"id\)?>\(?\?", step);
        }
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(true, true, false)]
    [InlineData(true, true, true)]
    [InlineData(false, true, true)]
    public async Task Every_item_list_shape_seeks_an_index_from_its_position_and_needs_no_sort(bool descending, bool deep, bool userMessages)
    {
        var position = new KeysetPosition("1767225600000", "0199aa");
        var query = new ItemQuery(new ConversationKey("t", "u", "c"), descending, 20, deep ? position : null) { UserMessagesOnly = userMessages };
        await using var connection = new SqliteConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        var sql = SqliteItemRows.List(query);
        using var explain = new SqliteStatement(connection, "EXPLAIN QUERY PLAN " + sql, persistent: false).Bind(sql.Values);

        var plan = new List<string>();
        while (explain.Step())
        {
            plan.Add(explain.Text(3));
        }

        // One SEARCH on the conversation's equality prefix; a deep page starts at its (created_at, seq) bound.
        var step = Assert.Single(plan);
        Assert.StartsWith($"SEARCH items USING INDEX {(userMessages ? "ix_items_role" : "ix_items_list")}", step, StringComparison.Ordinal);
        Assert.Contains("(tenant_id=? AND user_id=? AND conversation_id=?", step, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", step, StringComparison.Ordinal);
        if (deep)
        {
            Assert.Matches(descending ? @"seq\)?<\(?\?" : @"seq\)?>\(?\?", step);
        }
    }
}
