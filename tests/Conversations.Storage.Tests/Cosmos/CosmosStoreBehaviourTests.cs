using System.Net;
using System.Text.Json;
using Conversations.Storage.Cosmos;
using Conversations.Testing;
using Microsoft.Azure.Cosmos;

namespace Conversations.Storage.Tests.Cosmos;

/// <summary>What only the Cosmos store has to prove: its layout and its round trips per page.</summary>
[Collection(SharedCosmosServer.Name)]
public sealed class CosmosStoreBehaviourTests(CosmosStoreFixture fixture)
{
    [Fact]
    public async Task Created_containers_are_keyed_down_to_one_conversation_and_index_only_queried_paths()
    {
        using var client = fixture.Server.CreateClient();
        var database = "layout-" + Guid.NewGuid().ToString("N")[..8];
        var (conversations, variables) = await CosmosTestServer.CreateContainersAsync(client, database);

        ContainerProperties properties = await conversations.ReadContainerAsync();
        ContainerProperties variableProperties = await variables.ReadContainerAsync();

        // The decided layout (docs/cosmos-layout.md): the last key level is one conversation.
        Assert.Equal(["/tenantId", "/userId", "/id"], properties.PartitionKeyPaths);
        Assert.Equal(["/tenantId", "/userId", "/conversationId"], variableProperties.PartitionKeyPaths);
        foreach (var policy in new[] { properties.IndexingPolicy, variableProperties.IndexingPolicy })
        {
            Assert.Equal(["/*"], policy.ExcludedPaths.Select(p => p.Path));
            Assert.DoesNotContain(policy.IncludedPaths, p => p.Path is "/*" or "/inputs/*" or "/metadata/*" or "/settings/*" or "/value/*" or "/description/?");
            // Declared once, ascending: Cosmos DB serves the descending sort from the same index.
            Assert.All(policy.CompositeIndexes, index => Assert.All(index, path => Assert.Equal(CompositePathSortOrder.Ascending, path.Order)));
        }

        var sorts = properties.IndexingPolicy.CompositeIndexes.Select(index => string.Join(",", index.Select(p => p.Path))).ToList();
        Assert.Equal(sorts.Count, sorts.Distinct().Count());
        Assert.Contains("/tenantId,/userId,/updatedAt,/id", sorts);
        Assert.Contains("/tenantId,/status,/name,/id", sorts);
        Assert.Contains(variableProperties.IndexingPolicy.CompositeIndexes, index => index.Select(p => p.Path).SequenceEqual(["/tenantId", "/userId", "/conversationId", "/createdAt", "/id"]));
    }

    [Fact]
    public async Task Documents_carry_their_partition_key_and_a_type()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u1");
        await fixture.Store.CreateConversationAsync(conversation, CancellationToken.None);

        var iterator = fixture.Conversations.GetItemQueryIterator<JsonElement>(
            new QueryDefinition("SELECT * FROM c WHERE c.tenantId = @t AND c.userId = @u AND c.id = @id").WithParameter("@t", tenant).WithParameter("@u", "u1").WithParameter("@id", conversation.Id),
            requestOptions: new QueryRequestOptions { PartitionKey = CosmosLayout.ConversationPartition(tenant, "u1", conversation.Id) });
        var stored = Assert.Single(await iterator.ReadNextAsync());

        Assert.Equal(conversation.Id, stored.GetProperty("id").GetString());
        Assert.Equal(tenant, stored.GetProperty("tenantId").GetString());
        Assert.Equal("u1", stored.GetProperty("userId").GetString());
        Assert.Equal("conversation", stored.GetProperty("type").GetString());
        Assert.Equal(conversation.CreatedAt.ToUnixTimeMilliseconds(), stored.GetProperty("createdAt").GetInt64());
    }

    [Fact]
    public async Task A_page_deep_in_a_users_history_costs_the_same_round_trips_as_the_first()
    {
        using var counted = await fixture.CountedStoreAsync();
        var (store, counter) = (counted.Store, counted.Requests);
        var tenant = TestData.NewTenant();
        for (var i = 0; i < 300; i++)
        {
            await fixture.Store.CreateConversationAsync(TestData.Conversation(tenant, "u", TestData.Epoch.AddMilliseconds(i)), CancellationToken.None);
        }

        var sort = new ConversationSort(ConversationSortField.CreatedAt, true);
        var query = new ConversationQuery(UserScope.User(tenant, "u"), sort, ConversationFilter.None, 20);
        await store.ListConversationsAsync(query, CancellationToken.None); // warms the client's metadata caches

        var (first, _) = await counter.CountAsync(() => store.ListConversationsAsync(query, CancellationToken.None));
        var deepPosition = new KeysetPosition(TestData.Epoch.AddMilliseconds(20).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), "~");
        var (deep, deepPage) = await counter.CountAsync(() => store.ListConversationsAsync(query with { After = deepPosition }, CancellationToken.None));

        Assert.Equal(1, first);
        Assert.Equal(first, deep);
        Assert.Equal(20, deepPage.Items.Count);
        Assert.True(deepPage.HasMore);
    }

    [Fact]
    public async Task A_tenant_wide_page_deep_in_the_history_costs_the_same_round_trips_as_the_first()
    {
        // A tenant-wide list is a prefix query (OpenAI without an isolation key, Mielto without user_id):
        // it is planned and fans out over the tenant's partitions, but how deep the page is must not matter.
        using var counted = await fixture.CountedStoreAsync();
        var (store, counter) = (counted.Store, counted.Requests);
        var tenant = TestData.NewTenant();
        for (var i = 0; i < 200; i++)
        {
            await fixture.Store.CreateConversationAsync(TestData.Conversation(tenant, $"u{i % 4}", TestData.Epoch.AddMilliseconds(i)), CancellationToken.None);
        }

        var query = new ConversationQuery(UserScope.WholeTenant(tenant), new ConversationSort(ConversationSortField.CreatedAt, false), ConversationFilter.None, 20);
        await store.ListConversationsAsync(query, CancellationToken.None); // warms the client's metadata caches

        var (first, _) = await counter.CountAsync(() => store.ListConversationsAsync(query, CancellationToken.None));
        var deepPosition = new KeysetPosition(TestData.Epoch.AddMilliseconds(170).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), "~");
        var (deep, deepPage) = await counter.CountAsync(() => store.ListConversationsAsync(query with { After = deepPosition }, CancellationToken.None));

        Assert.Equal(first, deep);
        Assert.InRange(first, 1, 3);
        // Items 171..199 remain after the position: a full page and more behind it.
        Assert.Equal(TestData.Epoch.AddMilliseconds(171), deepPage.Items[0].CreatedAt);
        Assert.Equal(20, deepPage.Items.Count);
        Assert.True(deepPage.HasMore);
    }
}
