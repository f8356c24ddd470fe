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
    public async Task An_update_writes_the_changed_fields_and_only_inside_the_scope()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u", name: "before") with
        {
            Summary = "kept",
            Metadata = TestData.Json("""{"old":1}"""),
            Collections = ["c1"],
        };
        await Store.CreateConversationAsync(conversation, None);
        var later = TestData.Epoch.AddMinutes(3);
        var changes = new ConversationChanges(later)
        {
            Name = new("after"),
            Metadata = new(TestData.Json("""{"n":2,"deep":{"x":[true]}}""")),
            OwnerId = new("owner"),
            EndedAt = new(later),
        };

        var updated = await Store.UpdateConversationAsync(UserScope.User(tenant, "u"), conversation.Id, changes, None);
        var foreignUser = await Store.UpdateConversationAsync(UserScope.User(tenant, "x"), conversation.Id, new ConversationChanges(later) { Name = new("hijack") }, None);
        var foreignTenant = await Store.UpdateConversationAsync(UserScope.WholeTenant(TestData.NewTenant()), conversation.Id, new ConversationChanges(later) { Name = new("hijack") }, None);
        var missing = await Store.UpdateConversationAsync(UserScope.User(tenant, "u"), Guid.CreateVersion7().ToString(), changes, None);

        Assert.Equal("after", updated?.Name);
        Assert.Null(foreignUser);
        Assert.Null(foreignTenant);
        Assert.Null(missing);
        var stored = await Store.FindConversationAsync(UserScope.WholeTenant(tenant), conversation.Id, None);
        Assert.NotNull(stored);
        Assert.Equal("after", stored.Name);
        Assert.Equal("kept", stored.Summary);
        Assert.Equal(["c1"], stored.Collections);
        Assert.Equal("""{"n":2,"deep":{"x":[true]}}""", stored.Metadata?.GetRawText());
        Assert.Equal("owner", stored.OwnerId);
        Assert.Equal(later, stored.EndedAt);
        Assert.Equal(later, stored.UpdatedAt);
        Assert.Equal(conversation.CreatedAt, stored.CreatedAt);
        Assert.Equal((stored.Name, stored.OwnerId, stored.UpdatedAt), (updated!.Name, updated.OwnerId, updated.UpdatedAt));
        Assert.Equal(["after"], (await ListAllAsync(UserScope.User(tenant, "u"), new(ConversationSortField.Name, false), new() { NameContains = "AFT" }, 5)).Select(c => c.Name));
    }

    [Fact]
    public async Task An_update_can_clear_nullable_fields()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u") with { Summary = "s", Metadata = TestData.Json("""{"a":"b"}"""), Settings = TestData.Json("""{"t":1}"""), OwnerId = "o" };
        await Store.CreateConversationAsync(conversation, None);

        var updated = await Store.UpdateConversationAsync(
            UserScope.WholeTenant(tenant),
            conversation.Id,
            new ConversationChanges(TestData.Epoch.AddSeconds(1)) { Summary = new(null), Metadata = new(null), Settings = new(null), OwnerId = new(null) },
            None);

        var stored = await Store.FindConversationAsync(UserScope.User(tenant, "u"), conversation.Id, None);
        Assert.NotNull(updated);
        Assert.NotNull(stored);
        Assert.Null(stored.Summary);
        Assert.Null(stored.Metadata);
        Assert.Null(stored.Settings);
        Assert.Null(stored.OwnerId);
    }

    [Fact]
    public async Task Concurrent_updates_of_one_conversation_all_succeed_and_each_field_keeps_a_written_value()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u");
        await Store.CreateConversationAsync(conversation, None);
        var scope = UserScope.User(tenant, "u");

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => Store.UpdateConversationAsync(
            scope, conversation.Id, new ConversationChanges(TestData.Epoch.AddSeconds(i)) { Name = new($"name {i}"), Summary = new($"summary {i}") }, None))));

        Assert.All(results, Assert.NotNull);
        var stored = await Store.FindConversationAsync(scope, conversation.Id, None);
        Assert.NotNull(stored);
        // Each update is written whole: the name, summary and time left are all one writer's.
        var winner = int.Parse(Assert.Single(System.Text.RegularExpressions.Regex.Matches(stored.Name, "^name ([0-9]+)$")).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"summary {winner}", stored.Summary);
        Assert.Equal(TestData.Epoch.AddSeconds(winner), stored.UpdatedAt);
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
