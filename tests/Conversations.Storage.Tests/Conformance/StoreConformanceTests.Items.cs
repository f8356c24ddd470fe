using Conversations.Model;
using Conversations.Testing;

namespace Conversations.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Items_read_back_with_every_field_only_under_their_conversation()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u");
        await Store.CreateConversationAsync(conversation, None);
        var key = new ConversationKey(tenant, "u", conversation.Id);
        var call = new ConversationItem
        {
            Id = ItemIds.NewItem("fc", TestData.Epoch.AddMilliseconds(3)),
            TenantId = tenant,
            UserId = "u",
            ConversationId = conversation.Id,
            Type = ConversationItemType.FunctionCall,
            Body = TestData.Json("""{"type":"function_call","call_id":"call_1","name":"lookup","arguments":"{\"q\":\"Köln\"}","status":"completed"}"""),
            CreatedAt = TestData.Epoch.AddMilliseconds(3),
        };

        Assert.True(await Store.AddItemsAsync(key, [call], TestData.Epoch.AddSeconds(1), None));
        var found = await Store.FindItemAsync(key, call.Id, None);

        Assert.NotNull(found);
        Assert.Equal(call.Id, found.Id);
        Assert.Equal(conversation.Id, found.ConversationId);
        Assert.Equal(ConversationItemType.FunctionCall, found.Type);
        Assert.Null(found.Role);
        Assert.Equal(call.Body.GetRawText(), found.Body.GetRawText());
        Assert.Equal(call.CreatedAt, found.CreatedAt);
        Assert.Null(await Store.FindItemAsync(new ConversationKey(tenant, "other", conversation.Id), call.Id, None));
        Assert.Null(await Store.FindItemAsync(new ConversationKey(tenant, "u", Guid.CreateVersion7().ToString()), call.Id, None));
        Assert.Null(await Store.FindItemAsync(new ConversationKey(TestData.NewTenant(), "u", conversation.Id), call.Id, None));
    }

    [Fact]
    public async Task Adding_items_moves_the_conversations_updated_at_and_a_missing_conversation_gets_none()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u");
        await Store.CreateConversationAsync(conversation, None);
        var key = new ConversationKey(tenant, "u", conversation.Id);
        var gone = TestData.Conversation(tenant, "u", TestData.Epoch.AddSeconds(1));
        var goneKey = new ConversationKey(tenant, "u", gone.Id);

        Assert.True(await Store.AddItemsAsync(key, [TestData.Message(conversation, "user", "hi")], TestData.Epoch.AddMinutes(5), None));
        Assert.False(await Store.AddItemsAsync(goneKey, [TestData.Message(gone, "user", "lost")], TestData.Epoch.AddMinutes(5), None));

        Assert.Equal(TestData.Epoch.AddMinutes(5), (await Store.FindConversationAsync(UserScope.User(tenant, "u"), conversation.Id, None))?.UpdatedAt);
        Assert.Empty((await Store.ListItemsAsync(new ItemQuery(goneKey, false, 10), None)).Items);
    }

    [Fact]
    public async Task Items_page_in_the_order_they_were_added_both_ways_even_within_one_millisecond()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u");
        await Store.CreateConversationAsync(conversation, None);
        var key = new ConversationKey(tenant, "u", conversation.Id);
        // Nine items over three milliseconds, prefixes mixed so that id order and added order differ.
        var items = Enumerable.Range(0, 9).Select(i =>
        {
            var at = TestData.Epoch.AddMilliseconds(i / 3);
            return i % 3 == 1
                ? TestData.Message(conversation, "assistant", $"a{i}", at) with { Id = ItemIds.NewItem("fc", at), Type = ConversationItemType.FunctionCall, Role = null }
                : TestData.Message(conversation, i % 3 == 0 ? "user" : "assistant", $"m{i}", at);
        }).ToList();
        await Store.AddItemsAsync(key, items[..4], TestData.Epoch.AddSeconds(1), None);
        await Store.AddItemsAsync(key, items[4..], TestData.Epoch.AddSeconds(2), None);

        var added = items.Select(i => i.Id).ToList();
        foreach (var descending in new[] { false, true })
        {
            foreach (var limit in new[] { 1, 2, 4, 9, 20 })
            {
                var seen = new List<string>();
                KeysetPosition? after = null;
                while (true)
                {
                    var page = await Store.ListItemsAsync(new ItemQuery(key, descending, limit, after), None);
                    Assert.False(page.HasMore && page.Items.Count == 0);
                    seen.AddRange(page.Items.Select(i => i.Id));
                    if (!page.HasMore)
                    {
                        break;
                    }

                    after = KeysetPosition.Of(page.Items[^1]);
                }

                Assert.Equal(descending ? Enumerable.Reverse(added) : added, seen);
            }
        }
    }

    [Fact]
    public async Task A_list_between_two_items_and_a_list_of_user_messages_hold_exactly_those()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u");
        await Store.CreateConversationAsync(conversation, None);
        var key = new ConversationKey(tenant, "u", conversation.Id);
        var roles = new[] { "user", "assistant", "assistant", "user", "system", "assistant", "user" };
        var items = roles.Select((role, i) => TestData.Message(conversation, role, $"m{i}", TestData.Epoch.AddMilliseconds(i))).ToList();
        await Store.AddItemsAsync(key, items, TestData.Epoch.AddSeconds(1), None);

        var between = await Store.ListItemsAsync(new ItemQuery(key, false, 10, KeysetPosition.Of(items[0])) { Before = KeysetPosition.Of(items[3]) }, None);
        var users = await Store.ListItemsAsync(new ItemQuery(key, true, 2) { UserMessagesOnly = true }, None);
        var olderUsers = await Store.ListItemsAsync(new ItemQuery(key, true, 2, KeysetPosition.Of(items[3])) { UserMessagesOnly = true }, None);

        Assert.Equal([items[1].Id, items[2].Id], between.Items.Select(i => i.Id));
        Assert.False(between.HasMore);
        Assert.Equal([items[6].Id, items[3].Id], users.Items.Select(i => i.Id));
        Assert.True(users.HasMore);
        Assert.Equal([items[0].Id], olderUsers.Items.Select(i => i.Id));
        Assert.False(olderUsers.HasMore);
    }

    [Fact]
    public async Task Deleting_an_item_removes_only_it_and_deleting_the_conversation_removes_every_item()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u");
        var neighbour = TestData.Conversation(tenant, "u", TestData.Epoch.AddSeconds(1));
        await Store.CreateConversationAsync(conversation, None);
        await Store.CreateConversationAsync(neighbour, None);
        var key = new ConversationKey(tenant, "u", conversation.Id);
        var neighbourKey = new ConversationKey(tenant, "u", neighbour.Id);
        var items = Enumerable.Range(0, 5).Select(i => TestData.Message(conversation, "user", $"m{i}", TestData.Epoch.AddMilliseconds(i))).ToList();
        var kept = TestData.Message(neighbour, "user", "stays");
        await Store.AddItemsAsync(key, items, TestData.Epoch.AddSeconds(1), None);
        await Store.AddItemsAsync(neighbourKey, [kept], TestData.Epoch.AddSeconds(1), None);

        Assert.True(await Store.DeleteItemAsync(key, items[2].Id, None));
        Assert.False(await Store.DeleteItemAsync(key, items[2].Id, None));
        Assert.False(await Store.DeleteItemAsync(neighbourKey, items[3].Id, None));
        Assert.Equal([items[0].Id, items[1].Id, items[3].Id, items[4].Id], (await Store.ListItemsAsync(new ItemQuery(key, false, 10), None)).Items.Select(i => i.Id));

        Assert.True(await Store.DeleteConversationAsync(UserScope.WholeTenant(tenant), conversation.Id, None));

        Assert.Empty((await Store.ListItemsAsync(new ItemQuery(key, false, 10), None)).Items);
        Assert.Null(await Store.FindItemAsync(key, items[0].Id, None));
        Assert.Equal([kept.Id], (await Store.ListItemsAsync(new ItemQuery(neighbourKey, false, 10), None)).Items.Select(i => i.Id));
    }
}
