using System.Net;
using Conversations.Storage.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Conversations.Storage.Tests.Cosmos;

/// <summary>
/// Which partitions each query is sent to. The local test server ignores the partition-key header,
/// so only the request options the store hands the SDK can show that a user's query stays in that
/// user's partition and a tenant-wide one under the tenant's key prefix (never the whole container).
/// </summary>
public sealed class CosmosQueryTargetingTests
{
    private readonly Mock<Container> _conversations = new();
    private readonly List<(QueryDefinition Query, QueryRequestOptions Options)> _sent = [];

    public CosmosQueryTargetingTests() =>
        _conversations.Setup(c => c.GetItemQueryIterator<ConversationDocument>(It.IsAny<QueryDefinition>(), It.IsAny<string>(), It.IsAny<QueryRequestOptions>()))
            .Returns((QueryDefinition query, string _, QueryRequestOptions options) =>
            {
                _sent.Add((query, options));
                return EmptyIterator();
            });

    private CosmosConversationStore Store => new(_conversations.Object, new Mock<Container>().Object, NullLogger<CosmosConversationStore>.Instance);

    [Fact]
    public async Task A_users_lookup_is_a_point_read_with_the_full_key()
    {
        var read = new List<(string Id, PartitionKey Key)>();
        _conversations.Setup(c => c.ReadItemAsync<ConversationDocument>(It.IsAny<string>(), It.IsAny<PartitionKey>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
            .Callback((string id, PartitionKey key, ItemRequestOptions _, CancellationToken _) => read.Add((id, key)))
            .ThrowsAsync(new CosmosException("missing", HttpStatusCode.NotFound, 0, "activity", 1));

        Assert.Null(await Store.FindConversationAsync(UserScope.User("t1", "u1"), "c1", CancellationToken.None));

        Assert.Equal([("c1", CosmosLayout.UserPartition("t1", "u1"))], read);
        Assert.Empty(_sent);
    }

    [Fact]
    public async Task A_users_list_runs_in_that_users_partition_without_a_query_plan()
    {
        var scope = UserScope.User("t1", "u1");
        await Store.ListConversationsAsync(new ConversationQuery(scope, new ConversationSort(ConversationSortField.UpdatedAt, true), ConversationFilter.None, 20), CancellationToken.None);

        var (query, options) = Assert.Single(_sent);
        Assert.Equal(CosmosLayout.UserPartition("t1", "u1"), options.PartitionKey);
        Assert.True(options.EnableOptimisticDirectExecution);
        // The same scope is in the text as well, for servers that ignore the header.
        Assert.Contains("c.tenantId = @tenant", query.QueryText, StringComparison.Ordinal);
        Assert.Contains("c.userId = @user", query.QueryText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_wide_lookup_and_list_run_under_the_tenants_key_prefix()
    {
        var scope = UserScope.WholeTenant("t1");
        await Store.FindConversationAsync(scope, "c1", CancellationToken.None);
        await Store.ListConversationsAsync(new ConversationQuery(scope, new ConversationSort(ConversationSortField.CreatedAt, false), ConversationFilter.None, 20), CancellationToken.None);

        Assert.Equal(2, _sent.Count);
        Assert.All(_sent, sent =>
        {
            Assert.Equal(CosmosLayout.TenantPrefix("t1"), sent.Options.PartitionKey);
            Assert.Contains("c.tenantId = @tenant", sent.Query.QueryText, StringComparison.Ordinal);
            Assert.DoesNotContain("c.userId", sent.Query.QueryText, StringComparison.Ordinal);
            Assert.Contains(sent.Query.GetQueryParameters(), p => p.Name == "@tenant" && Equals(p.Value, "t1"));
        });
    }

    [Fact]
    public async Task A_page_asks_for_one_item_more_than_it_returns_to_know_whether_more_follow()
    {
        var scope = UserScope.User("t1", "u1");
        await Store.ListConversationsAsync(new ConversationQuery(scope, new ConversationSort(ConversationSortField.Name, false), ConversationFilter.None, 20), CancellationToken.None);

        var (query, options) = Assert.Single(_sent);
        Assert.StartsWith("SELECT TOP @limit ", query.QueryText, StringComparison.Ordinal);
        Assert.Contains(query.GetQueryParameters(), p => p.Name == "@limit" && Equals(p.Value, 21));
        Assert.Equal(21, options.MaxItemCount);
        Assert.DoesNotContain("OFFSET", query.QueryText, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(ConversationFields.Summary, ConversationSortField.UpdatedAt, "c.id, c.tenantId, c.userId, c.createdAt, c.updatedAt, c.summary")]
    [InlineData(ConversationFields.Agent | ConversationFields.EndedAt, ConversationSortField.CreatedAt, "c.id, c.tenantId, c.userId, c.createdAt, c.updatedAt, c.agentName, c.agentVersion, c.endedAt")]
    [InlineData(ConversationFields.Keys, ConversationSortField.Name, "c.id, c.tenantId, c.userId, c.createdAt, c.updatedAt, c.name")]
    [InlineData(ConversationFields.All, ConversationSortField.Id, "*")]
    public async Task A_list_selects_the_keys_times_sort_field_and_the_fields_its_caller_reads(ConversationFields fields, ConversationSortField sort, string selected)
    {
        await Store.ListConversationsAsync(
            new ConversationQuery(UserScope.User("t1", "u1"), new ConversationSort(sort, false), ConversationFilter.None, 20, Fields: fields), CancellationToken.None);

        var (query, _) = Assert.Single(_sent);
        Assert.StartsWith($"SELECT TOP @limit {selected} FROM c ", query.QueryText, StringComparison.Ordinal);
    }

    private static FeedIterator<ConversationDocument> EmptyIterator()
    {
        var response = new Mock<FeedResponse<ConversationDocument>>();
        response.Setup(r => r.GetEnumerator()).Returns(() => new List<ConversationDocument>().GetEnumerator());
        var iterator = new Mock<FeedIterator<ConversationDocument>>();
        iterator.SetupSequence(i => i.HasMoreResults).Returns(true).Returns(false);
        iterator.Setup(i => i.ReadNextAsync(It.IsAny<CancellationToken>())).ReturnsAsync(response.Object);
        return iterator.Object;
    }
}
