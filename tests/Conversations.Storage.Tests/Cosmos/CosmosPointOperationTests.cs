using Conversations.Model;
using Conversations.Storage.Cosmos;
using Conversations.Testing;

namespace Conversations.Storage.Tests.Cosmos;

/// <summary>
/// Where the full partition key and id are known, the store sends one point operation (read, patch),
/// counted on the SDK's HTTP pipeline against the test server; and updates are patches, never a
/// read-modify-write with an ETag.
/// </summary>
[Collection(SharedCosmosServer.Name)]
public sealed class CosmosPointOperationTests(CosmosStoreFixture fixture)
{
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task A_users_conversation_and_a_variable_are_each_found_with_one_point_read()
    {
        using var counted = await fixture.CountedStoreAsync();
        var (conversation, variable) = await CreateConversationWithVariableAsync();
        var key = new ConversationKey(conversation.TenantId, conversation.UserId, conversation.Id);
        await WarmUpAsync(counted.Store, key);

        var (byId, found) = await counted.Requests.RecordAsync(() => counted.Store.FindConversationAsync(UserScope.User(conversation.TenantId, "u"), conversation.Id, None));
        var (variableById, foundVariable) = await counted.Requests.RecordAsync(() => counted.Store.FindVariableAsync(key, variable.Id, None));
        var (missingById, missing) = await counted.Requests.RecordAsync(() => counted.Store.FindConversationAsync(UserScope.User(conversation.TenantId, "u"), Guid.CreateVersion7().ToString(), None));

        Assert.Equal(conversation.Id, found?.Id);
        Assert.Equal(variable.Id, foundVariable?.Id);
        Assert.Null(missing);
        foreach (var requests in new[] { byId, variableById, missingById })
        {
            var request = Assert.Single(requests);
            Assert.Equal(HttpMethod.Get, request.Method);
            Assert.True(request.IsPointOperation, request.Path);
        }
    }

    [Fact]
    public async Task A_users_update_is_one_patch_and_a_variable_update_one_patch()
    {
        using var counted = await fixture.CountedStoreAsync();
        var (conversation, variable) = await CreateConversationWithVariableAsync();
        var key = new ConversationKey(conversation.TenantId, conversation.UserId, conversation.Id);
        await WarmUpAsync(counted.Store, key);

        var (rename, renamed) = await counted.Requests.RecordAsync(() => counted.Store.UpdateConversationAsync(
            UserScope.User(conversation.TenantId, "u"), conversation.Id, new ConversationChanges(TestData.Epoch.AddHours(1)) { Name = new("renamed") }, None));
        var (setValue, updated) = await counted.Requests.RecordAsync(() => counted.Store.UpdateVariableValueAsync(
            key, variable.Id, TestData.Json("\"new\""), TestData.Epoch.AddHours(1), None));

        Assert.Equal("renamed", renamed?.Name);
        Assert.Equal("\"new\"", updated?.Value.GetRawText());
        Assert.All(rename.Concat(setValue), request => Assert.Equal(HttpMethod.Patch, request.Method));
        Assert.Single(rename);
        Assert.Single(setValue);
    }

    [Fact]
    public async Task An_update_of_more_fields_than_one_patch_takes_is_a_single_conditional_replace()
    {
        // Cosmos DB applies at most 10 operations per patch; two patches would be two writes, and an
        // update cut short between them would be half applied.
        using var counted = await fixture.CountedStoreAsync();
        var (conversation, variable) = await CreateConversationWithVariableAsync();
        await WarmUpAsync(counted.Store, new ConversationKey(conversation.TenantId, conversation.UserId, conversation.Id));
        var changes = new ConversationChanges(TestData.Epoch.AddHours(1))
        {
            Name = new("all"), Summary = new("s"), Status = new("archived"), IsPublic = new(true), Collections = new(["c1"]),
            Metadata = new(TestData.Json("""{"k":"v"}""")), Settings = new(TestData.Json("""{"s":1}""")), EndedAt = new(TestData.Epoch.AddHours(2)),
            OwnerId = new("owner"), CreatedBy = new("creator"),
        };

        var (requests, updated) = await counted.Requests.RecordAsync(() =>
            counted.Store.UpdateConversationAsync(UserScope.User(conversation.TenantId, "u"), conversation.Id, changes, None));

        Assert.Equal(
            [(HttpMethod.Get, false), (HttpMethod.Put, true)],
            requests.Select(r => (r.Method, r.IfMatch)));
        var stored = await fixture.Store.FindConversationAsync(UserScope.User(conversation.TenantId, "u"), conversation.Id, None);
        foreach (var result in new[] { updated, stored })
        {
            Assert.Equal(("all", "s", "archived", true, "owner", "creator"), (result?.Name, result?.Summary, result?.Status, result?.IsPublic, result?.OwnerId, result?.CreatedBy));
            Assert.Equal(TestData.Epoch.AddHours(2), result?.EndedAt);
            Assert.Equal(TestData.Epoch.AddHours(1), result?.UpdatedAt);
            Assert.Equal("""{"k":"v"}""", result?.Metadata?.GetRawText());
        }
    }

    [Theory]
    [InlineData("x\" OR c.conversationId != \"x")]
    [InlineData("x' OR 1=1 --")]
    [InlineData("naïve \u0001 \"quoted\"")]
    public async Task A_variable_update_under_another_conversation_id_changes_nothing(string conversationId)
    {
        // The conversation id is part of the variable's partition key: an id that looks like SQL stays an id.
        var (conversation, variable) = await CreateConversationWithVariableAsync();

        var updated = await fixture.Store.UpdateVariableValueAsync(
            new ConversationKey(conversation.TenantId, conversation.UserId, conversationId), variable.Id, TestData.Json("\"changed\""), TestData.Epoch.AddHours(1), None);

        Assert.Null(updated);
        var stored = await fixture.Store.FindVariableAsync(new ConversationKey(conversation.TenantId, conversation.UserId, conversation.Id), variable.Id, None);
        Assert.Equal(variable.Value.GetRawText(), stored?.Value.GetRawText());
    }

    [Fact]
    public async Task Fifty_concurrent_renames_all_succeed_as_patches_and_none_is_an_etag_replace()
    {
        using var counted = await fixture.CountedStoreAsync();
        var conversation = TestData.Conversation(TestData.NewTenant(), "u");
        await fixture.Store.CreateConversationAsync(conversation, None);
        var scope = UserScope.User(conversation.TenantId, "u");

        var (requests, results) = await counted.Requests.RecordAsync(() => Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            counted.Store.UpdateConversationAsync(scope, conversation.Id, new ConversationChanges(TestData.Epoch.AddSeconds(i)) { Name = new($"name {i}") }, None)))));

        Assert.All(results, Assert.NotNull);
        var writes = requests.Where(r => r.IsPointOperation).ToList();
        Assert.Equal(50, writes.Count(r => r.Method == HttpMethod.Patch));
        Assert.DoesNotContain(writes, r => r.Method == HttpMethod.Put);
        Assert.DoesNotContain(requests, r => r.IfMatch);
        Assert.Contains((await fixture.Store.FindConversationAsync(scope, conversation.Id, None))?.Name, results.Select(r => r!.Name));
    }

    [Fact]
    public async Task A_list_naming_fewer_fields_leaves_the_others_at_their_defaults()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u", name: "Named") with
        {
            Summary = "summary",
            Status = "archived",
            Collections = ["c1"],
            Metadata = TestData.Json("""{"a":1}"""),
            UpdatedAt = TestData.Epoch.AddMinutes(1),
        };
        await fixture.Store.CreateConversationAsync(conversation, None);
        var sort = new ConversationSort(ConversationSortField.CreatedAt, false);

        var page = await fixture.Store.ListConversationsAsync(
            new ConversationQuery(UserScope.WholeTenant(tenant), sort, ConversationFilter.None, 10, Fields: ConversationFields.Summary), None);

        var listed = Assert.Single(page.Items);
        Assert.Equal((conversation.Id, tenant, "u"), (listed.Id, listed.TenantId, listed.UserId));
        Assert.Equal((conversation.CreatedAt, conversation.UpdatedAt), (listed.CreatedAt, listed.UpdatedAt));
        Assert.Equal("summary", listed.Summary);
        Assert.Equal("", listed.Name);
        Assert.Equal(ConversationStatus.Active, listed.Status);
        Assert.Empty(listed.Collections);
        Assert.Null(listed.Metadata);
    }

    /// <summary>Loads the client's metadata caches (account, containers, partition ranges), which a first request fetches.</summary>
    private static async Task WarmUpAsync(CosmosConversationStore store, ConversationKey key)
    {
        await store.FindConversationAsync(UserScope.User(key.TenantId, "warm-up"), key.ConversationId, None);
        await store.FindVariableAsync(key with { UserId = "warm-up" }, "warm-up", None);
    }

    private async Task<(Conversation Conversation, Variable Variable)> CreateConversationWithVariableAsync()
    {
        var conversation = TestData.Conversation(TestData.NewTenant(), "u");
        var variable = TestData.Variable(conversation, "v");
        await fixture.Store.CreateConversationAsync(conversation, None);
        await fixture.Store.CreateVariableAsync(variable, None);
        return (conversation, variable);
    }
}
