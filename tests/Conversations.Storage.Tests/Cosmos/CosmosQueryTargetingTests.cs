using System.Net;
using Conversations.Storage.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Conversations.Storage.Tests.Cosmos;

/// <summary>
/// Which partitions each query is sent to. The local test server ignores the partition-key header,
/// so only the request options the store hands the SDK can show that a user's query stays under that
/// user's key prefix and a tenant-wide one under the tenant's (never the whole container), and that a
/// query under a prefix reads its physical partitions concurrently.
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
                return EmptyIterator<ConversationDocument>();
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

        Assert.Equal([("c1", CosmosLayout.ConversationPartition("t1", "u1", "c1"))], read);
        Assert.Empty(_sent);
    }

    [Fact]
    public async Task A_users_list_runs_under_that_users_key_prefix_over_its_partitions_at_once()
    {
        var scope = UserScope.User("t1", "u1");
        await Store.ListConversationsAsync(new ConversationQuery(scope, new ConversationSort(ConversationSortField.UpdatedAt, true), ConversationFilter.None, 20), CancellationToken.None);

        var (query, options) = Assert.Single(_sent);
        Assert.Equal(CosmosLayout.UserPrefix("t1", "u1"), options.PartitionKey);
        Assert.False(options.EnableOptimisticDirectExecution);
        Assert.True(options.MaxConcurrency < 0, "the SDK sends the per-partition requests concurrently");
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
            Assert.True(sent.Options.MaxConcurrency < 0);
            Assert.Contains("c.tenantId = @tenant", sent.Query.QueryText, StringComparison.Ordinal);
            Assert.DoesNotContain("c.userId", sent.Query.QueryText, StringComparison.Ordinal);
            Assert.Contains(sent.Query.GetQueryParameters(), p => p.Name == "@tenant" && Equals(p.Value, "t1"));
        });
    }

    [Fact]
    public async Task A_tenant_wide_update_or_delete_reads_only_the_conversations_user_to_find_its_partition()
    {
        var lookups = new List<QueryDefinition>();
        _conversations.Setup(c => c.GetItemQueryIterator<UserOnly>(It.IsAny<QueryDefinition>(), It.IsAny<string>(), It.IsAny<QueryRequestOptions>()))
            .Returns((QueryDefinition query, string _, QueryRequestOptions _) =>
            {
                lookups.Add(query);
                return EmptyIterator<UserOnly>();
            });
        var scope = UserScope.WholeTenant("t1");

        Assert.Null(await Store.UpdateConversationAsync(scope, "c1", new ConversationChanges(DateTimeOffset.UnixEpoch) { Name = new("x") }, CancellationToken.None));
        Assert.False(await Store.DeleteConversationAsync(scope, "c1", CancellationToken.None));

        Assert.Equal(2, lookups.Count);
        Assert.All(lookups, query => Assert.StartsWith("SELECT TOP 1 c.userId FROM c WHERE ", query.QueryText, StringComparison.Ordinal));
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

    private static FeedIterator<T> EmptyIterator<T>()
    {
        var response = new Mock<FeedResponse<T>>();
        response.Setup(r => r.GetEnumerator()).Returns(() => new List<T>().GetEnumerator());
        var iterator = new Mock<FeedIterator<T>>();
        iterator.SetupSequence(i => i.HasMoreResults).Returns(true).Returns(false);
        iterator.Setup(i => i.ReadNextAsync(It.IsAny<CancellationToken>())).ReturnsAsync(response.Object);
        return iterator.Object;
    }
}
