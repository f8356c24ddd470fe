using Conversations.Model;
using Conversations.Testing;

namespace Conversations.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task An_update_of_every_field_at_once_writes_each_of_them()
    {
        // More fields than one Cosmos DB patch takes (10 operations): the change must still land whole.
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u", name: "before") with { Summary = "s", OwnerId = "o", CreatedBy = "c" };
        await Store.CreateConversationAsync(conversation, None);
        var later = TestData.Epoch.AddHours(2);
        var changes = new ConversationChanges(later)
        {
            Name = new("Every Field"),
            Summary = new(null),
            Status = new("archived"),
            IsPublic = new(true),
            Collections = new(["c1", "c2"]),
            Metadata = new(TestData.Json("""{"k":[1,{"x":null}]}""")),
            Settings = new(TestData.Json("""{"t":0.5}""")),
            EndedAt = new(later),
            OwnerId = new("owner-2"),
            CreatedBy = new(null),
        };

        var updated = await Store.UpdateConversationAsync(UserScope.User(tenant, "u"), conversation.Id, changes, None);
        var stored = await Store.FindConversationAsync(UserScope.User(tenant, "u"), conversation.Id, None);

        foreach (var read in new[] { updated, stored })
        {
            Assert.NotNull(read);
            Assert.Equal("Every Field", read.Name);
            Assert.Null(read.Summary);
            Assert.Equal("archived", read.Status);
            Assert.True(read.IsPublic);
            Assert.Equal(["c1", "c2"], read.Collections);
            Assert.Equal("""{"k":[1,{"x":null}]}""", read.Metadata?.GetRawText());
            Assert.Equal("""{"t":0.5}""", read.Settings?.GetRawText());
            Assert.Equal(later, read.EndedAt);
            Assert.Equal("owner-2", read.OwnerId);
            Assert.Null(read.CreatedBy);
            Assert.Equal(later, read.UpdatedAt);
            Assert.Equal(conversation.CreatedAt, read.CreatedAt);
        }

        var found = await ListAllAsync(UserScope.User(tenant, "u"), new(ConversationSortField.Name, false), new() { NameContains = "every f", Status = "archived" }, 5);
        Assert.Equal([conversation.Id], found.Select(c => c.Id));
    }
}
