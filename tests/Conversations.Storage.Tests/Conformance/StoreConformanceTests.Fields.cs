using Conversations.Model;
using Conversations.Testing;

namespace Conversations.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    /// <summary>Each optional field, and how to tell whether a listed item holds it as stored or as the model's default.</summary>
    private static readonly (ConversationFields Field, Func<Conversation, object?> Value)[] OptionalFields =
    [
        (ConversationFields.Name, c => c.Name),
        (ConversationFields.Introduction, c => c.Introduction),
        (ConversationFields.Summary, c => c.Summary),
        (ConversationFields.Inputs, c => c.Inputs?.GetRawText()),
        (ConversationFields.Metadata, c => c.Metadata?.GetRawText()),
        (ConversationFields.Status, c => c.Status),
        (ConversationFields.Agent, c => c.Agent),
        (ConversationFields.Collections, c => string.Join(",", c.Collections)),
        (ConversationFields.IsPublic, c => c.IsPublic),
        (ConversationFields.Settings, c => c.Settings?.GetRawText()),
        (ConversationFields.OwnerId, c => c.OwnerId),
        (ConversationFields.CreatedBy, c => c.CreatedBy),
        (ConversationFields.EndedAt, c => c.EndedAt),
    ];

    public static TheoryData<ConversationFields> FieldSets()
    {
        var data = new TheoryData<ConversationFields> { ConversationFields.Keys, ConversationFields.All };
        foreach (var (field, _) in OptionalFields)
        {
            data.Add(field);
        }

        // What Dify's and Mielto's lists read (OpenAI's reads Metadata alone, above).
        data.Add(ConversationFields.Name | ConversationFields.Introduction | ConversationFields.Inputs | ConversationFields.Status);
        data.Add(ConversationFields.All & ~(ConversationFields.Introduction | ConversationFields.Inputs | ConversationFields.Agent));
        return data;
    }

    [Theory]
    [MemberData(nameof(FieldSets))]
    public async Task A_list_reads_the_named_fields_and_the_keys_and_leaves_every_other_field_at_its_default(ConversationFields fields)
    {
        var tenant = TestData.NewTenant();
        var stored = FullyFilled(tenant, "u");
        await Store.CreateConversationAsync(stored, None);
        var unread = new Conversation { Id = "", TenantId = "", UserId = "", CreatedAt = default, UpdatedAt = default };

        foreach (var scope in new[] { UserScope.User(tenant, "u"), UserScope.WholeTenant(tenant) })
        {
            var page = await Store.ListConversationsAsync(new ConversationQuery(scope, new(ConversationSortField.UpdatedAt, true), ConversationFilter.None, 5, Fields: fields), None);

            var listed = Assert.Single(page.Items);
            Assert.Equal((stored.Id, stored.TenantId, stored.UserId, stored.CreatedAt, stored.UpdatedAt), (listed.Id, listed.TenantId, listed.UserId, listed.CreatedAt, listed.UpdatedAt));
            foreach (var (field, value) in OptionalFields)
            {
                // The field rides along so that a failure names it.
                Assert.Equal((field, fields.HasFlag(field) ? value(stored) : value(unread)), (field, value(listed)));
            }
        }
    }

    /// <summary>Whether a find that names fields leaves the others unread (SQLite); a store may read them all (a Cosmos DB point read does).</summary>
    protected virtual bool FindReadsOnlyNamedFields => false;

    [Theory]
    [MemberData(nameof(FieldSets))]
    public async Task A_find_that_names_fields_reads_them_and_the_keys(ConversationFields fields)
    {
        var tenant = TestData.NewTenant();
        var stored = FullyFilled(tenant, "u");
        await Store.CreateConversationAsync(stored, None);
        var unread = new Conversation { Id = "", TenantId = "", UserId = "", CreatedAt = default, UpdatedAt = default };

        foreach (var scope in new[] { UserScope.User(tenant, "u"), UserScope.WholeTenant(tenant) })
        {
            var found = await Store.FindConversationAsync(scope, stored.Id, fields, None);

            Assert.NotNull(found);
            Assert.Equal((stored.Id, stored.TenantId, stored.UserId, stored.CreatedAt, stored.UpdatedAt), (found.Id, found.TenantId, found.UserId, found.CreatedAt, found.UpdatedAt));
            foreach (var (field, value) in OptionalFields.Where(f => fields.HasFlag(f.Field) || FindReadsOnlyNamedFields))
            {
                Assert.Equal((field, fields.HasFlag(field) ? value(stored) : value(unread)), (field, value(found)));
            }
        }

        Assert.Null(await Store.FindConversationAsync(UserScope.User(tenant, "someone else"), stored.Id, fields, None));
    }

    [Theory]
    [InlineData(ConversationSortField.Name)]
    [InlineData(ConversationSortField.CreatedAt)]
    [InlineData(ConversationSortField.UpdatedAt)]
    [InlineData(ConversationSortField.Id)]
    public async Task The_sort_field_is_read_when_no_field_is_named_so_pages_resume_from_their_last_item(ConversationSortField field)
    {
        var tenant = TestData.NewTenant();
        var items = Enumerable.Range(0, 5)
            .Select(i => TestData.Conversation(tenant, "u", TestData.Epoch.AddMilliseconds(i), $"name {4 - i}") with { UpdatedAt = TestData.Epoch.AddSeconds(10 - i) })
            .ToList();
        foreach (var c in items)
        {
            await Store.CreateConversationAsync(c, None);
        }

        var sort = new ConversationSort(field, false);
        var seen = new List<Conversation>();
        KeysetPosition? after = null;
        do
        {
            var page = await Store.ListConversationsAsync(new ConversationQuery(UserScope.User(tenant, "u"), sort, ConversationFilter.None, 2, after, ConversationFields.Keys), None);
            seen.AddRange(page.Items);
            after = page.HasMore ? KeysetPosition.Of(page.Items[^1], field) : null;
        }
        while (after is not null);

        Assert.Equal(Expected(items, sort).Select(c => (c.Id, KeysetPosition.Of(c, field))), seen.Select(c => (c.Id, KeysetPosition.Of(c, field))));
        Assert.All(seen, c => Assert.Equal(field == ConversationSortField.Name, c.Name.Length > 0));
    }

    private static Conversation FullyFilled(string tenant, string user) =>
        TestData.Conversation(tenant, user, TestData.Epoch.AddMilliseconds(42), "Full") with
        {
            Introduction = "Intro",
            Summary = "Summary",
            Inputs = TestData.Json("""{"city":"Oslo"}"""),
            Metadata = TestData.Json("""{"topic":"travel"}"""),
            Status = "archived",
            Agent = new AgentReference("planner", "3"),
            Collections = ["c1", "c2"],
            IsPublic = true,
            Settings = TestData.Json("""{"t":1}"""),
            OwnerId = "owner",
            CreatedBy = "creator",
            UpdatedAt = TestData.Epoch.AddSeconds(7),
            EndedAt = TestData.Epoch.AddMinutes(1),
        };
}
