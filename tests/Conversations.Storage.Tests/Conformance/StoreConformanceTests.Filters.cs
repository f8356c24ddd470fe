using Conversations.Model;
using Conversations.Testing;

namespace Conversations.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Every_filter_narrows_the_list_alone_and_combined_while_paging()
    {
        var tenant = TestData.NewTenant();
        var i = 0;
        Conversation Make(string name, string status = ConversationStatus.Active, string[]? collections = null, AgentReference? agent = null) =>
            TestData.Conversation(tenant, "u", TestData.Epoch.AddMilliseconds(i++), name) with
            {
                Status = status,
                Collections = collections ?? [],
                Agent = agent,
            };

        var items = new[]
        {
            Make("Weekly REPORT", collections: ["c1"], agent: new("planner", "1")),
            Make("report draft", "archived", ["c1", "c2"], new("planner", "2")),
            Make("100% done_ok", collections: ["c2"], agent: new("writer", "1")),
            Make("1000 done", agent: new("planner", "1")),
            Make("Überblick", "archived"),
            Make("misc"),
        };
        foreach (var c in items)
        {
            await Store.CreateConversationAsync(c, None);
        }

        async Task<string[]> NamesAsync(ConversationFilter filter, int limit = 1) =>
            (await ListAllAsync(UserScope.User(tenant, "u"), new(ConversationSortField.CreatedAt, false), filter, limit)).Select(c => c.Name).ToArray();

        Assert.Equal(["report draft", "Überblick"], await NamesAsync(new() { Status = "archived" }));
        Assert.Equal(["Weekly REPORT", "report draft"], await NamesAsync(new() { NameContains = "rEpOrT" }));
        Assert.Equal(["100% done_ok"], await NamesAsync(new() { NameContains = "0% done_" }));
        Assert.Empty(await NamesAsync(new() { NameContains = "%" + "x" }));
        Assert.Equal(["Überblick"], await NamesAsync(new() { NameContains = "üBER" }));
        Assert.Equal(["report draft", "100% done_ok"], await NamesAsync(new() { CollectionId = "c2" }));
        Assert.Empty(await NamesAsync(new() { CollectionId = "c" }));
        Assert.Equal(["Weekly REPORT", "report draft", "1000 done"], await NamesAsync(new() { AgentName = "planner" }));
        Assert.Equal(["Weekly REPORT", "1000 done"], await NamesAsync(new() { AgentName = "planner", AgentVersion = "1" }));
        Assert.Equal(["report draft"], await NamesAsync(new() { Status = "archived", NameContains = "report", CollectionId = "c1", AgentName = "planner" }, 2));
    }

    [Fact]
    public async Task An_update_is_stored_and_only_inside_the_scope()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u", name: "before");
        await Store.CreateConversationAsync(conversation, None);
        var later = TestData.Epoch.AddMinutes(3);

        var updated = await Store.UpdateConversationAsync(UserScope.User(tenant, "u"), conversation.Id, c => c with { Name = "after", UpdatedAt = later }, None);
        var foreignUser = await Store.UpdateConversationAsync(UserScope.User(tenant, "x"), conversation.Id, c => c with { Name = "hijack" }, None);
        var foreignTenant = await Store.UpdateConversationAsync(UserScope.WholeTenant(TestData.NewTenant()), conversation.Id, c => c with { Name = "hijack" }, None);
        var missing = await Store.UpdateConversationAsync(UserScope.User(tenant, "u"), Guid.CreateVersion7().ToString(), c => c, None);

        Assert.Equal("after", updated?.Name);
        Assert.Null(foreignUser);
        Assert.Null(foreignTenant);
        Assert.Null(missing);
        var stored = await Store.FindConversationAsync(UserScope.WholeTenant(tenant), conversation.Id, None);
        Assert.Equal("after", stored?.Name);
        Assert.Equal(later, stored?.UpdatedAt);
        Assert.Equal(conversation.CreatedAt, stored?.CreatedAt);
    }

    [Fact]
    public async Task An_update_cannot_move_a_conversation_to_another_tenant_or_user()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u");
        await Store.CreateConversationAsync(conversation, None);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Store.UpdateConversationAsync(UserScope.User(tenant, "u"), conversation.Id, c => c with { TenantId = "elsewhere" }, None));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Store.UpdateConversationAsync(UserScope.User(tenant, "u"), conversation.Id, c => c with { UserId = "other" }, None));
        Assert.NotNull(await Store.FindConversationAsync(UserScope.User(tenant, "u"), conversation.Id, None));
    }

    [Fact]
    public async Task Concurrent_updates_lose_nothing()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u") with { Metadata = new Dictionary<string, string> { ["n"] = "0" } };
        await Store.CreateConversationAsync(conversation, None);
        var scope = UserScope.User(tenant, "u");

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => Store.UpdateConversationAsync(scope, conversation.Id, c => c with
        {
            Metadata = new Dictionary<string, string> { ["n"] = (int.Parse(c.Metadata["n"], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }, None))));

        var stored = await Store.FindConversationAsync(scope, conversation.Id, None);
        Assert.Equal("12", stored?.Metadata["n"]);
    }

    [Fact]
    public async Task Delete_removes_the_conversation_and_its_variables_and_only_inside_the_scope()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u");
        var keep = TestData.Conversation(tenant, "u", TestData.Epoch.AddSeconds(1));
        await Store.CreateConversationAsync(conversation, None);
        await Store.CreateConversationAsync(keep, None);
        var variable = TestData.Variable(conversation, "v");
        var kept = TestData.Variable(keep, "v");
        await Store.CreateVariableAsync(variable, None);
        await Store.CreateVariableAsync(kept, None);
        var key = new ConversationKey(tenant, "u", conversation.Id);

        Assert.False(await Store.DeleteConversationAsync(UserScope.User(tenant, "other"), conversation.Id, None));
        Assert.False(await Store.DeleteConversationAsync(UserScope.WholeTenant(TestData.NewTenant()), conversation.Id, None));
        Assert.True(await Store.DeleteConversationAsync(UserScope.User(tenant, "u"), conversation.Id, None));
        Assert.False(await Store.DeleteConversationAsync(UserScope.User(tenant, "u"), conversation.Id, None));

        Assert.Null(await Store.FindConversationAsync(UserScope.WholeTenant(tenant), conversation.Id, None));
        Assert.Null(await Store.FindVariableAsync(key, variable.Id, None));
        Assert.Empty((await Store.ListVariablesAsync(new VariableQuery(key, null, 10), None)).Items);
        var remaining = await ListAllAsync(UserScope.User(tenant, "u"), new(ConversationSortField.CreatedAt, false), ConversationFilter.None, 10);
        Assert.Equal([keep.Id], remaining.Select(c => c.Id));
        Assert.NotNull(await Store.FindVariableAsync(new ConversationKey(tenant, "u", keep.Id), kept.Id, None));
    }
}
