using System.Text;
using System.Text.Json;
using Conversations.Storage.Cosmos;
using Conversations.Testing;
using Microsoft.Azure.Cosmos;

namespace Conversations.Storage.Tests.Cosmos;

/// <summary>
/// Documents are stored with only the escaping JSON requires, and a document over Cosmos DB's 2 MB item
/// limit (service quotas: "Maximum size of an item", https://learn.microsoft.com/azure/cosmos-db/concepts-limits)
/// is refused before it is sent, as a refusal of the write rather than an outage. The test server
/// enforces no size limit, so only the store's own check can make the second test pass.
/// </summary>
[Collection(SharedCosmosServer.Name)]
public sealed class CosmosItemSizeTests(CosmosStoreFixture fixture)
{
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task Non_ascii_and_html_characters_are_stored_as_themselves_not_as_escapes()
    {
        var conversation = TestData.Conversation(TestData.NewTenant(), "u", name: "会話 <b>&'+</b> é");
        await fixture.Store.CreateConversationAsync(conversation, None);

        using var stored = await fixture.Conversations.ReadItemStreamAsync(
            conversation.Id, CosmosLayout.ConversationPartition(conversation.TenantId, "u", conversation.Id));
        using var reader = new StreamReader(stored.Content, Encoding.UTF8);
        var json = await reader.ReadToEndAsync();

        Assert.Contains("\"name\":\"会話 <b>&'+</b> é\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_over_the_item_limit_is_refused_and_nothing_is_stored()
    {
        // 300,000 emoji: 1.2 MB of UTF-8 in a request body, 3.6 MB once each is escaped as a surrogate pair.
        var text = string.Concat(Enumerable.Repeat("\U0001F600", 300_000));
        var conversation = TestData.Conversation(TestData.NewTenant(), "u") with { Metadata = JsonSerializer.SerializeToElement(new { text }) };

        await Assert.ThrowsAsync<StoreLimitExceededException>(() => fixture.Store.CreateConversationAsync(conversation, None));

        Assert.Null(await fixture.Store.FindConversationAsync(UserScope.User(conversation.TenantId, "u"), conversation.Id, None));
    }

    [Fact]
    public async Task An_update_that_would_grow_a_document_past_the_limit_is_refused_and_changes_nothing()
    {
        var conversation = TestData.Conversation(TestData.NewTenant(), "u");
        await fixture.Store.CreateConversationAsync(conversation, None);
        var scope = UserScope.User(conversation.TenantId, "u");
        var huge = JsonSerializer.SerializeToElement(new { text = new string('x', CosmosItemSizeLimit) });
        // More fields than one patch takes: the update is one conditional replace, measured before it is sent.
        var changes = new ConversationChanges(TestData.Epoch.AddHours(1))
        {
            Name = new("n"), Summary = new("s"), Status = new("archived"), IsPublic = new(true), Collections = new(["c"]),
            Metadata = new(huge), Settings = new(null), EndedAt = new(null), OwnerId = new("o"), CreatedBy = new("b"),
        };

        await Assert.ThrowsAsync<StoreLimitExceededException>(() => fixture.Store.UpdateConversationAsync(scope, conversation.Id, changes, None));

        var stored = await fixture.Store.FindConversationAsync(scope, conversation.Id, None);
        Assert.Equal(conversation.Name, stored?.Name);
        Assert.Null(stored?.Metadata);
    }

    /// <summary>2 MB: Cosmos DB's item size limit.</summary>
    private const int CosmosItemSizeLimit = 2 * 1024 * 1024;
}
