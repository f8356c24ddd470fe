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
        _conversations.Setup(c => c.CreateItemStreamAsync(It.IsAny<Stream>(), It.IsAny<PartitionKey>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(failure);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            Store.CreateConversationAsync(TestData.Conversation("t", "u"), CancellationToken.None));

        Assert.Same(failure, error.InnerException);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
    }

    [Fact]
    public async Task A_connection_failure_is_a_store_outage()
    {
        _conversations.Setup(c => c.CreateItemStreamAsync(It.IsAny<Stream>(), It.IsAny<PartitionKey>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
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
        _conversations.Setup(c => c.CreateItemStreamAsync(It.IsAny<Stream>(), It.IsAny<PartitionKey>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
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
        _conversations.Setup(c => c.CreateItemStreamAsync(It.IsAny<Stream>(), It.IsAny<PartitionKey>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new CosmosOperationCanceledException(new OperationCanceledException(cancelled.Token), new Mock<CosmosDiagnostics>().Object));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.CreateConversationAsync(TestData.Conversation("t", "u"), cancelled.Token));
    }

    [Fact]
    public async Task A_bad_request_is_not_mistaken_for_an_outage()
    {
        _conversations.Setup(c => c.CreateItemStreamAsync(It.IsAny<Stream>(), It.IsAny<PartitionKey>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new CosmosException("bad", HttpStatusCode.BadRequest, 0, "activity", 1));

        await Assert.ThrowsAsync<CosmosException>(() => Store.CreateConversationAsync(TestData.Conversation("t", "u"), CancellationToken.None));
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, 0)]
    [InlineData(HttpStatusCode.Forbidden, 1014)]
    public async Task An_item_too_large_or_a_full_partition_is_a_refusal_of_the_write_not_an_outage(HttpStatusCode status, int subStatus)
    {
        // What Azure answers for a patch that grows an item past 2 MB, or a write to a logical
        // partition at its 20 GB limit (service quotas); the test server enforces neither.
        var refused = new CosmosException("refused", status, subStatus, "activity", 1);
        SetupPatch(() => throw refused);

        var error = await Assert.ThrowsAsync<StoreLimitExceededException>(() =>
            Store.UpdateConversationAsync(UserScope.User("t", "u"), "c1", new ConversationChanges(TestData.Epoch) { Name = new("x") }, CancellationToken.None));

        Assert.Same(refused, error.InnerException);
    }

    [Fact]
    public async Task A_forbidden_write_for_another_reason_is_not_read_as_a_full_partition()
    {
        SetupPatch(() => throw new CosmosException("forbidden", HttpStatusCode.Forbidden, 5301, "activity", 1));

        var error = await Assert.ThrowsAsync<CosmosException>(() =>
            Store.UpdateConversationAsync(UserScope.User("t", "u"), "c1", new ConversationChanges(TestData.Epoch) { Name = new("x") }, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task A_server_error_on_a_point_read_stays_an_error_and_is_not_read_as_missing()
    {
        _conversations.Setup(c => c.ReadItemAsync<ConversationDocument>(It.IsAny<string>(), It.IsAny<PartitionKey>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new CosmosException("boom", HttpStatusCode.InternalServerError, 0, "activity", 1));

        var error = await Assert.ThrowsAsync<CosmosException>(() => Store.FindConversationAsync(UserScope.User("t", "u"), "c1", CancellationToken.None));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
    }

    [Fact]
    public async Task A_write_that_met_a_concurrent_write_is_sent_again_and_applied()
    {
        // 449 Retry With: what the service may answer when concurrent writes to one item meet.
        var conversation = TestData.Conversation("t", "u");
        var attempts = 0;
        SetupPatch(() => ++attempts == 1
            ? throw new CosmosException("retry with", (HttpStatusCode)449, 0, "activity", 1)
            : Patched(conversation with { Name = "renamed" }));

        var updated = await Store.UpdateConversationAsync(UserScope.User("t", "u"), conversation.Id, new ConversationChanges(TestData.Epoch) { Name = new("renamed") }, CancellationToken.None);

        Assert.Equal("renamed", updated?.Name);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task A_write_that_keeps_meeting_concurrent_writes_finds_the_store_unavailable_with_a_wait()
    {
        var attempts = 0;
        SetupPatch(() =>
        {
            attempts++;
            throw new CosmosException("retry with", (HttpStatusCode)449, 0, "activity", 1);
        });

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            Store.UpdateConversationAsync(UserScope.User("t", "u"), "c1", new ConversationChanges(TestData.Epoch) { Name = new("x") }, CancellationToken.None));

        Assert.NotNull(e.RetryAfter);
        Assert.Equal(5, attempts);
    }

    private void SetupPatch(Func<ItemResponse<ConversationDocument>> answer) =>
        _conversations.Setup(c => c.PatchItemAsync<ConversationDocument>(
                It.IsAny<string>(), It.IsAny<PartitionKey>(), It.IsAny<IReadOnlyList<PatchOperation>>(), It.IsAny<PatchItemRequestOptions>(), It.IsAny<CancellationToken>()))
            .Returns(() => Task.FromResult(answer()));

    private static ItemResponse<ConversationDocument> Patched(Conversation conversation)
    {
        var response = new Mock<ItemResponse<ConversationDocument>>();
        response.SetupGet(r => r.Resource).Returns(ConversationDocument.From(conversation));
        return response.Object;
    }

    /// <summary>A service answer carrying x-ms-retry-after-ms, as the SDK surfaces it.</summary>
    private sealed class ThrottledException(HttpStatusCode status, TimeSpan retryAfter) : CosmosException("injected", status, 0, "activity", 1)
    {
        public override TimeSpan? RetryAfter => retryAfter;
    }
}
