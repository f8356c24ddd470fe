using System.Text.RegularExpressions;
using Conversations.Storage.Cosmos;
using Microsoft.Azure.Cosmos;

namespace Conversations.Storage.Tests.Cosmos;

/// <summary>
/// Every query shape the store can send (each scope, sort, direction, filter combination, page
/// position and field selection) checked against the layout's indexing policy under Cosmos DB's
/// documented rules (Indexing policies, "Composite indexes":
/// https://learn.microsoft.com/azure/cosmos-db/index-policy#composite-indexes):
/// <list type="bullet">
/// <item>an ORDER BY on more than one property is served only by a composite index with exactly its
/// paths in its order, whose directions all match the ORDER BY's or are all the opposite;</item>
/// <item>a query that filters on properties with equality and sorts uses the composite index only when
/// those properties lead the ORDER BY (and so the index); a range filter goes on a later property;</item>
/// <item>a filter reads the range index of its path, which must be included (id is always indexed).</item>
/// </list>
/// The local test server checks none of this beyond the exact ORDER BY match, so this test is what
/// keeps a new filter or sort from shipping without its index.
/// </summary>
public sealed partial class CosmosIndexCoverageTests
{
    public static TheoryData<string> ConversationQueries() => [.. AllConversationQueries().Select(q => q.QueryText).Distinct()];

    public static TheoryData<string> VariableQueries() =>
    [
        .. from name in new string?[] { null, "x" }
           from after in new KeysetPosition?[] { null, new("1700000000000", "v1") }
           select CosmosQueries.ListVariables(new VariableQuery(new ConversationKey("t", "u", "c"), name, 20, after)).QueryText,
        CosmosQueries.VariableIdsOf("t", "u", "c").QueryText,
    ];

    public static TheoryData<string> LookupQueries() =>
        [CosmosQueries.FindConversationInTenant("t", "c", whole: true).QueryText, CosmosQueries.FindConversationInTenant("t", "c", whole: false).QueryText];

    [Fact]
    public void The_enumeration_covers_every_scope_sort_direction_and_filter()
    {
        // 2 scopes x 8 sorts x 2 statuses x 2 searches x 2 collections x 3 agent filters x 2 positions x 2 selections.
        Assert.Equal(2 * 8 * 2 * 2 * 2 * 3 * 2 * 2, AllConversationQueries().Count());
        Assert.True(ConversationQueries().Count > 500);
    }

    [Theory]
    [MemberData(nameof(ConversationQueries))]
    public void Each_conversation_list_has_a_composite_index_led_by_its_equality_filters(string sql) =>
        AssertServed(sql, CosmosLayout.Conversations);

    [Theory]
    [MemberData(nameof(VariableQueries))]
    public void Each_variable_query_has_its_indexes(string sql) => AssertServed(sql, CosmosLayout.Variables);

    [Theory]
    [MemberData(nameof(LookupQueries))]
    public void A_tenant_wide_lookup_filters_only_on_indexed_paths(string sql) => AssertServed(sql, CosmosLayout.Conversations);

    [Fact]
    public void A_query_sorted_without_its_equality_filter_first_is_caught()
    {
        // The check itself must fail where Cosmos DB would not use the index.
        var sql = "SELECT * FROM c WHERE c.tenantId = @tenant AND c.status = @status ORDER BY c.tenantId ASC, c.createdAt ASC, c.id ASC";

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertServed(sql, CosmosLayout.Conversations));
    }

    [Fact]
    public void A_sort_no_composite_index_declares_is_caught()
    {
        var sql = "SELECT * FROM c WHERE c.tenantId = @tenant ORDER BY c.tenantId ASC, c.endedAt ASC, c.id ASC";

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertServed(sql, CosmosLayout.Conversations));
    }

    private static IEnumerable<QueryDefinition> AllConversationQueries() =>
        from scope in new[] { UserScope.WholeTenant("t"), UserScope.User("t", "u") }
        from field in Enum.GetValues<ConversationSortField>()
        from isDescending in new[] { false, true }
        from status in new string?[] { null, "archived" }
        from search in new string?[] { null, "x" }
        from collection in new string?[] { null, "c1" }
        from agent in new (string? Name, string? Version)[] { (null, null), ("a", null), ("a", "1") }
        from position in new[] { false, true }
        from fields in new[] { ConversationFields.All, ConversationFields.Keys }
        let filter = new ConversationFilter { Status = status, NameContains = search, CollectionId = collection, AgentName = agent.Name, AgentVersion = agent.Version }
        let after = position ? new KeysetPosition(field == ConversationSortField.Name ? "n" : "1700000000000", "c9") : null
        select CosmosQueries.ListConversations(new ConversationQuery(scope, new ConversationSort(field, isDescending), filter, 20, after, fields));

    private static void AssertServed(string sql, CosmosContainerLayout layout)
    {
        var where = Where().Match(sql).Groups[1].Value;
        var equalities = Equality().Matches(where).Select(m => "/" + m.Groups[1].Value).ToList();
        var ranges = Range().Matches(where).Select(m => "/" + m.Groups[1].Value).Distinct().ToList();

        // Every filtered path is in the range index (id always is).
        foreach (var path in equalities.Concat(ranges))
        {
            Assert.True(path == "/id" || layout.IndexedPaths.Contains(path + "/?"), $"{path} is filtered but not indexed: {sql}");
        }

        foreach (Match call in Contains().Matches(where))
        {
            Assert.Contains("/" + call.Groups[1].Value + "/?", layout.IndexedPaths);
        }

        foreach (Match call in ArrayContains().Matches(where))
        {
            Assert.Contains("/" + call.Groups[1].Value + "/[]/?", layout.IndexedPaths);
        }

        var orderBy = OrderBy().Match(sql);
        if (!orderBy.Success)
        {
            return;
        }

        var sort = orderBy.Groups[1].Value.Split(", ").Select(item => item.Split(' ')).Select(p => (Path: "/" + p[0][2..], Descending: p[1] == "DESC")).ToList();
        Assert.True(sort.Select(s => s.Descending).Distinct().Count() == 1, $"mixed directions: {sql}");

        // The equality filters lead the ORDER BY (in any order among themselves), so they lead the index.
        var leading = sort.Take(equalities.Count).Select(s => s.Path).ToHashSet();
        Assert.True(leading.SetEquals(equalities), $"equality filters {string.Join(",", equalities)} do not lead the ORDER BY: {sql}");
        Assert.All(ranges, path => Assert.True(sort.Skip(equalities.Count).Any(s => s.Path == path), $"range filter on {path} is not a later sort path: {sql}"));

        if (sort.Count > 1)
        {
            // Declared ascending once: serves the ORDER BY ascending, and descending as every direction reversed.
            Assert.True(
                layout.CompositeIndexes.Any(index => index.SequenceEqual(sort.Select(s => s.Path))),
                $"no composite index ({string.Join(", ", sort.Select(s => s.Path))}) for: {sql}");
        }
    }

    [GeneratedRegex(@" WHERE (.*?)(?: ORDER BY |$)")]
    private static partial Regex Where();

    [GeneratedRegex(@"ORDER BY (.*)$")]
    private static partial Regex OrderBy();

    [GeneratedRegex(@"c\.(\w+) = @")]
    private static partial Regex Equality();

    [GeneratedRegex(@"c\.(\w+) (?:<|>|<=|>=) @")]
    private static partial Regex Range();

    [GeneratedRegex(@"(?<!ARRAY_)CONTAINS\(c\.(\w+),")]
    private static partial Regex Contains();

    [GeneratedRegex(@"ARRAY_CONTAINS\(c\.(\w+),")]
    private static partial Regex ArrayContains();
}
