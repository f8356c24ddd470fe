using Conversations.Storage.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Moq;

namespace Conversations.Storage.Tests.Cosmos;

/// <summary>
/// RU per page is read from the logs in Azure (the local server always reports 1 RU), so the charge
/// of every query must reach the log at Debug as structured values, summed over its round trips.
/// </summary>
public sealed class CosmosChargeLoggingTests
{
    [Fact]
    public async Task A_page_logs_its_summed_request_charge_and_round_trips_at_debug()
    {
        var logger = new RecordingLogger();
        var conversations = new Mock<Container>();
        conversations.SetupGet(c => c.Id).Returns("conversations");
        // Two service pages for one store page: the charge logged is their sum.
        var iterator = new Mock<FeedIterator<ConversationDocument>>();
        iterator.SetupSequence(i => i.HasMoreResults).Returns(true).Returns(true).Returns(false);
        iterator.SetupSequence(i => i.ReadNextAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(Response(2.5))
            .ReturnsAsync(Response(1.25));
        conversations.Setup(c => c.GetItemQueryIterator<ConversationDocument>(It.IsAny<QueryDefinition>(), It.IsAny<string>(), It.IsAny<QueryRequestOptions>()))
            .Returns(iterator.Object);
        var store = new CosmosConversationStore(conversations.Object, new Mock<Container>().Object, logger);

        await store.ListConversationsAsync(
            new ConversationQuery(UserScope.User("t", "u"), new ConversationSort(ConversationSortField.UpdatedAt, true), ConversationFilter.None, 20),
            CancellationToken.None);

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Equal(3.75, entry.Values["RequestCharge"]);
        Assert.Equal(2, entry.Values["RoundTrips"]);
        Assert.Equal("list conversations", entry.Values["Operation"]);
        Assert.Equal("conversations", entry.Values["Container"]);
    }

    private static FeedResponse<ConversationDocument> Response(double charge)
    {
        var response = new Mock<FeedResponse<ConversationDocument>>();
        response.SetupGet(r => r.RequestCharge).Returns(charge);
        response.Setup(r => r.GetEnumerator()).Returns(() => new List<ConversationDocument>().GetEnumerator());
        return response.Object;
    }
}
