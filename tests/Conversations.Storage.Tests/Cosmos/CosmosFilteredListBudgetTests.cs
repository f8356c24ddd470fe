using Conversations.Testing;

namespace Conversations.Storage.Tests.Cosmos;

/// <summary>
/// A filtered list has no index to seek, so on Cosmos DB it may go on page after empty page (its query
/// advisor calls CONTAINS a full scan); each list page may send at most 10 query round trips (and
/// spend at most 1000 RU) before it answers with what it found. The local test server answers a whole
/// query in few pages, so this holds the count to the cap; a tenant of 200,000 would only take longer
/// to load here, not exercise more of the store's code.
/// </summary>
[Collection(SharedCosmosServer.Name)]
public sealed class CosmosFilteredListBudgetTests(CosmosStoreFixture fixture)
{
    private const int MaxRoundTrips = 10;
    private const int Conversations = 1_500;

    [Fact]
    public async Task Filtered_lists_over_a_large_tenant_that_match_nothing_stay_within_the_round_trip_cap()
    {
        var tenant = TestData.NewTenant();
        foreach (var chunk in Enumerable.Range(0, Conversations).Chunk(50))
        {
            await Task.WhenAll(chunk.Select(i => fixture.Store.CreateConversationAsync(
                TestData.Conversation(tenant, $"u{i % 20}", TestData.Epoch.AddSeconds(i), $"conversation {i}"), CancellationToken.None)));
        }

        using var counted = await fixture.CountedStoreAsync();
        var sort = new ConversationSort(ConversationSortField.UpdatedAt, true);
        // The first query loads the container's metadata; the others show what a list page costs.
        await counted.Store.ListConversationsAsync(new ConversationQuery(UserScope.WholeTenant(tenant), sort, ConversationFilter.None, 1), CancellationToken.None);

        foreach (var filter in new[] { new ConversationFilter { NameContains = "nothing-like-this" }, new ConversationFilter { CollectionId = "nowhere" } })
        {
            var query = new ConversationQuery(UserScope.WholeTenant(tenant), sort, filter, 100);
            var (requests, page) = await counted.Requests.RecordAsync(() => counted.Store.ListConversationsAsync(query, CancellationToken.None));

            Assert.Empty(page.Items);
            // Query pages, and the query plan the SDK asks for first (a POST to the same path).
            var queries = requests.Count(r => r.Method == HttpMethod.Post && r.Path.EndsWith("/docs", StringComparison.Ordinal));
            Assert.InRange(queries, 1, MaxRoundTrips + 1);
            Assert.InRange(requests.Count, 1, MaxRoundTrips + 2);
        }
    }
}
