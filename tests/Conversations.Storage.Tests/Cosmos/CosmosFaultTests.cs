using System.Net;
using Conversations.Model;
using Conversations.Storage.Cosmos;
using Conversations.Testing;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Conversations.Storage.Tests.Cosmos;

/// <summary>Failures injected into the SDK's Container: how each reaches the store's callers.</summary>
public sealed class CosmosFaultTests
{
    private readonly Mock<Container> _conversations = new();
    private readonly Mock<Container> _variables = new();

    private CosmosConversationStore Store => new(_conversations.Object, _variables.Object, NullLogger<CosmosConversationStore>.Instance);

    public static TheoryData<HttpStatusCode> Outages() => [HttpStatusCode.TooManyRequests, HttpStatusCode.ServiceUnavailable, HttpStatusCode.RequestTimeout];

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task Throttling_and_unavailability_surface_as_a_store_outage_with_the_services_wait(HttpStatusCode status)
    {
        var failure = new ThrottledException(status, TimeSpan.FromSeconds(3));
        _conversations.Setup(c => c.CreateItemAsync(It.IsAny<ConversationDocument>(), It.IsAny<PartitionKey?>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(failure);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            Store.CreateConversationAsync(TestData.Conversation("t", "u"), CancellationToken.None));

        Assert.Same(failure, error.InnerException);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
    }

    [Fact]
    public async Task A_connection_failure_is_a_store_outage()
    {
        _conversations.Setup(c => c.CreateItemAsync(It.IsAny<ConversationDocument>(), It.IsAny<PartitionKey?>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("connection refused"));

        await Assert.ThrowsAsync<StoreUnavailableException>(() => Store.CreateConversationAsync(TestData.Conversation("t", "u"), CancellationToken.None));
    }

    [Fact]
    public async Task A_throttled_page_read_is_an_outage_carrying_the_services_wait()
    {
        // The list path fails inside the feed iterator, not in a single item call: it must be guarded too.
        var failure = new ThrottledException(HttpStatusCode.TooManyRequests, TimeSpan.FromMilliseconds(1500));
        var iterator = new Mock<FeedIterator<ConversationDocument>>();
        iterator.Setup(i => i.HasMoreResults).Returns(true);
        iterator.Setup(i => i.ReadNextAsync(It.IsAny<CancellationToken>())).ThrowsAsync(failure);
        _conversations.Setup(c => c.GetItemQueryIterator<ConversationDocument>(It.IsAny<QueryDefinition>(), It.IsAny<string>(), It.IsAny<QueryRequestOptions>()))
            .Returns(iterator.Object);
        var query = new ConversationQuery(UserScope.User("t", "u"), new ConversationSort(ConversationSortField.UpdatedAt, true), ConversationFilter.None, 20);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => Store.ListConversationsAsync(query, CancellationToken.None));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), error.RetryAfter);
    }

    [Fact]
    public async Task An_sdk_timeout_is_an_outage()
    {
        // The SDK reports its own request timeout as a cancellation; the caller did not cancel.
        var timeout = new CosmosOperationCanceledException(new OperationCanceledException("timed out"), new Mock<CosmosDiagnostics>().Object);
        _conversations.Setup(c => c.CreateItemAsync(It.IsAny<ConversationDocument>(), It.IsAny<PartitionKey?>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(timeout);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => Store.CreateConversationAsync(TestData.Conversation("t", "u"), CancellationToken.None));

        Assert.Same(timeout, error.InnerException);
    }

    [Fact]
    public async Task The_callers_own_cancellation_stays_a_cancellation()
    {
        // A client that hung up is not a store outage: no 503, no outage warning in the logs.
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        _conversations.Setup(c => c.CreateItemAsync(It.IsAny<ConversationDocument>(), It.IsAny<PartitionKey?>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new CosmosOperationCanceledException(new OperationCanceledException(cancelled.Token), new Mock<CosmosDiagnostics>().Object));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.CreateConversationAsync(TestData.Conversation("t", "u"), cancelled.Token));
    }

    [Fact]
    public async Task A_bad_request_is_not_mistaken_for_an_outage()
    {
        _conversations.Setup(c => c.CreateItemAsync(It.IsAny<ConversationDocument>(), It.IsAny<PartitionKey?>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new CosmosException("bad", HttpStatusCode.BadRequest, 0, "activity", 1));

        await Assert.ThrowsAsync<CosmosException>(() => Store.CreateConversationAsync(TestData.Conversation("t", "u"), CancellationToken.None));
    }

    [Fact]
    public async Task A_lost_etag_race_is_retried_on_fresh_data_and_applied_once()
    {
        var conversation = TestData.Conversation("t", "u", name: "v1");
        var reads = 0;
        SetupFind(() =>
        {
            reads++;
            return ConversationDocumentFor(conversation with { Name = reads == 1 ? "v1" : "v2" }, $"etag-{reads}");
        });
        var replaced = new List<(string Name, string? IfMatch)>();
        var attempts = 0;
        _conversations.Setup(c => c.ReplaceItemAsync(It.IsAny<ConversationDocument>(), conversation.Id, It.IsAny<PartitionKey?>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
            .Returns((ConversationDocument item, string _, PartitionKey? _, ItemRequestOptions options, CancellationToken _) =>
            {
                replaced.Add((item.Name, options.IfMatchEtag));
                if (++attempts == 1)
                {
                    throw new CosmosException("changed", HttpStatusCode.PreconditionFailed, 0, "a", 1);
                }

                return Task.FromResult(new Mock<ItemResponse<ConversationDocument>>().Object);
            });

        var updated = await Store.UpdateConversationAsync(UserScope.User("t", "u"), conversation.Id, new ConversationChanges(TestData.Epoch) { Summary = new("x") }, CancellationToken.None);

        Assert.Equal(("v2", "x"), (updated?.Name, updated?.Summary));
        Assert.Equal([("v1", "etag-1"), ("v2", "etag-2")], replaced);
    }

    [Fact]
    public async Task Writers_that_always_lose_the_race_find_the_store_unavailable()
    {
        var conversation = TestData.Conversation("t", "u");
        SetupFind(() => ConversationDocumentFor(conversation, "etag"));
        _conversations.Setup(c => c.ReplaceItemAsync(It.IsAny<ConversationDocument>(), conversation.Id, It.IsAny<PartitionKey?>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new CosmosException("changed", HttpStatusCode.PreconditionFailed, 0, "a", 1));

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            Store.UpdateConversationAsync(UserScope.User("t", "u"), conversation.Id, new ConversationChanges(TestData.Epoch) { Name = new("x") }, CancellationToken.None));
        Assert.NotNull(e.RetryAfter);
    }

    private void SetupFind(Func<ConversationDocument> document) =>
        _conversations.Setup(c => c.GetItemQueryIterator<ConversationDocument>(It.IsAny<QueryDefinition>(), It.IsAny<string>(), It.IsAny<QueryRequestOptions>()))
            .Returns(() => OneItemIterator(document()));

    private static ConversationDocument ConversationDocumentFor(Conversation conversation, string etag) =>
        ConversationDocument.From(conversation) with { ETag = etag };

    private static FeedIterator<ConversationDocument> OneItemIterator(ConversationDocument document)
    {
        var response = new Mock<FeedResponse<ConversationDocument>>();
        response.Setup(r => r.GetEnumerator()).Returns(() => new List<ConversationDocument> { document }.GetEnumerator());
        var iterator = new Mock<FeedIterator<ConversationDocument>>();
        iterator.SetupSequence(i => i.HasMoreResults).Returns(true).Returns(false);
        iterator.Setup(i => i.ReadNextAsync(It.IsAny<CancellationToken>())).ReturnsAsync(response.Object);
        return iterator.Object;
    }

    /// <summary>A service answer carrying x-ms-retry-after-ms, as the SDK surfaces it.</summary>
    private sealed class ThrottledException(HttpStatusCode status, TimeSpan retryAfter) : CosmosException("injected", status, 0, "activity", 1)
    {
        public override TimeSpan? RetryAfter => retryAfter;
    }
}
