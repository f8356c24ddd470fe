using Conversations.Testing;

namespace Conversations.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task A_variable_reads_back_with_every_field_only_under_its_conversation()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u");
        await Store.CreateConversationAsync(conversation, None);
        var variable = TestData.Variable(conversation, "prefs", TestData.Epoch.AddMilliseconds(5), "object", """{"a":[1,true,null]}""") with
        {
            Description = "User preferences",
            UpdatedAt = TestData.Epoch.AddSeconds(9),
        };

        await Store.CreateVariableAsync(variable, None);
        var found = await Store.FindVariableAsync(new ConversationKey(tenant, "u", conversation.Id), variable.Id, None);

        Assert.NotNull(found);
        Assert.Equal(variable.Id, found.Id);
        Assert.Equal(conversation.Id, found.ConversationId);
        Assert.Equal("prefs", found.Name);
        Assert.Equal("object", found.ValueType);
        Assert.Equal("""{"a":[1,true,null]}""", found.Value.GetRawText());
        Assert.Equal("User preferences", found.Description);
        Assert.Equal(variable.CreatedAt, found.CreatedAt);
        Assert.Equal(variable.UpdatedAt, found.UpdatedAt);
        Assert.Null(await Store.FindVariableAsync(new ConversationKey(tenant, "other", conversation.Id), variable.Id, None));
        Assert.Null(await Store.FindVariableAsync(new ConversationKey(tenant, "u", Guid.CreateVersion7().ToString()), variable.Id, None));
        Assert.Null(await Store.FindVariableAsync(new ConversationKey(TestData.NewTenant(), "u", conversation.Id), variable.Id, None));
    }

    [Fact]
    public async Task Variables_page_oldest_first_with_ties_by_id_and_filter_by_name()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u");
        await Store.CreateConversationAsync(conversation, None);
        var key = new ConversationKey(tenant, "u", conversation.Id);
        var variables = Enumerable.Range(0, 7)
            .Select(i => TestData.Variable(conversation, i % 2 == 0 ? $"User_{i}" : $"other.{i}", TestData.Epoch.AddMilliseconds(i / 3)))
            .ToList();
        foreach (var v in variables)
        {
            await Store.CreateVariableAsync(v, None);
        }

        var expected = variables.OrderBy(v => v.CreatedAt).ThenBy(v => v.Id, StringComparer.Ordinal).Select(v => v.Id).ToList();
        foreach (var limit in new[] { 1, 2, 3, 7, 20 })
        {
            var seen = new List<string>();
            KeysetPosition? after = null;
            while (true)
            {
                var page = await Store.ListVariablesAsync(new VariableQuery(key, null, limit, after), None);
                seen.AddRange(page.Items.Select(v => v.Id));
                Assert.False(page.HasMore && page.Items.Count == 0);
                if (!page.HasMore)
                {
                    break;
                }

                after = KeysetPosition.Of(page.Items[^1]);
            }

            Assert.Equal(expected, seen);
        }

        var users = await Store.ListVariablesAsync(new VariableQuery(key, "user_", 10), None);
        Assert.Equal(variables.Where(v => v.Name.StartsWith("User_", StringComparison.Ordinal)).Select(v => v.Name).Order(), users.Items.Select(v => v.Name).Order());
        Assert.Empty((await Store.ListVariablesAsync(new VariableQuery(new ConversationKey(tenant, "other", conversation.Id), null, 10), None)).Items);
    }

    [Fact]
    public async Task A_variable_update_is_stored_and_missing_variables_return_null()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u");
        await Store.CreateConversationAsync(conversation, None);
        var key = new ConversationKey(tenant, "u", conversation.Id);
        var variable = TestData.Variable(conversation, "n", valueType: "number", valueJson: "1");
        await Store.CreateVariableAsync(variable, None);

        var updated = await Store.UpdateVariableValueAsync(key, variable.Id, TestData.Json("2.5"), TestData.Epoch.AddHours(1), None);
        var missing = await Store.UpdateVariableValueAsync(key, Guid.CreateVersion7().ToString(), TestData.Json("3"), TestData.Epoch, None);
        var foreign = await Store.UpdateVariableValueAsync(new ConversationKey(tenant, "x", conversation.Id), variable.Id, TestData.Json("4"), TestData.Epoch, None);

        Assert.Equal("2.5", updated?.Value.GetRawText());
        Assert.Null(missing);
        Assert.Null(foreign);
        var stored = await Store.FindVariableAsync(key, variable.Id, None);
        Assert.Equal("2.5", stored?.Value.GetRawText());
        Assert.Equal(TestData.Epoch.AddHours(1), stored?.UpdatedAt);
        Assert.Equal(variable.CreatedAt, stored?.CreatedAt);
        Assert.Equal("number", stored?.ValueType);
    }

    [Fact]
    public async Task A_variable_update_names_its_conversation_and_leaves_another_conversations_variable_alone()
    {
        var tenant = TestData.NewTenant();
        var first = TestData.Conversation(tenant, "u");
        var second = TestData.Conversation(tenant, "u", TestData.Epoch.AddSeconds(1));
        await Store.CreateConversationAsync(first, None);
        await Store.CreateConversationAsync(second, None);
        var variable = TestData.Variable(first, "v", valueJson: "\"kept\"");
        await Store.CreateVariableAsync(variable, None);

        var crossed = await Store.UpdateVariableValueAsync(new ConversationKey(tenant, "u", second.Id), variable.Id, TestData.Json("\"changed\""), TestData.Epoch.AddHours(1), None);

        Assert.Null(crossed);
        Assert.Null(await Store.FindVariableAsync(new ConversationKey(tenant, "u", second.Id), variable.Id, None));
        var stored = await Store.FindVariableAsync(new ConversationKey(tenant, "u", first.Id), variable.Id, None);
        Assert.Equal("\"kept\"", stored?.Value.GetRawText());
        Assert.Equal(variable.UpdatedAt, stored?.UpdatedAt);
    }
}
