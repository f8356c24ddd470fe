using System.Text.Json;
using Conversations.Model;
using Conversations.Testing;

namespace Conversations.Storage.Tests.Conformance;

/// <summary>
/// What every <see cref="IConversationStore"/> must do, run against each store from this one class.
/// Each test makes its own tenant, so a store instance (or server) can be shared across tests.
/// </summary>
public abstract partial class StoreConformanceTests(IConversationStore store)
{
    protected IConversationStore Store { get; } = store;

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task A_created_conversation_reads_back_with_every_field()
    {
        var tenant = TestData.NewTenant();
        var created = TestData.Epoch.AddMilliseconds(123);
        var conversation = TestData.Conversation(tenant, "u1", created, "Trip to Köln") with
        {
            Introduction = "Hello",
            Summary = "A summary",
            Inputs = TestData.Json("""{"city":"Paris","n":[1,2]}"""),
            Metadata = TestData.Json("""{"topic":"travel","n":3,"nested":{"tags":["a","b"],"ok":true}}"""),
            Status = "archived",
            Agent = new AgentReference("planner", "7"),
            Collections = ["col-1", "col-2"],
            IsPublic = true,
            Settings = TestData.Json("""{"temperature":0.5}"""),
            OwnerId = "owner-1",
            CreatedBy = "creator-1",
            UpdatedAt = created.AddSeconds(5),
            EndedAt = created.AddMinutes(1).AddMilliseconds(7),
        };

        await Store.CreateConversationAsync(conversation, None);
        var found = await Store.FindConversationAsync(UserScope.User(tenant, "u1"), conversation.Id, None);

        Assert.NotNull(found);
        Assert.Equal(conversation.Id, found.Id);
        Assert.Equal(tenant, found.TenantId);
        Assert.Equal("u1", found.UserId);
        Assert.Equal("Trip to Köln", found.Name);
        Assert.Equal("Hello", found.Introduction);
        Assert.Equal("A summary", found.Summary);
        Assert.Equal("Paris", found.Inputs!.Value.GetProperty("city").GetString());
        Assert.Equal(2, found.Inputs!.Value.GetProperty("n").GetArrayLength());
        Assert.True(JsonElement.DeepEquals(conversation.Metadata!.Value, found.Metadata!.Value), found.Metadata?.GetRawText());
        Assert.Equal("archived", found.Status);
        Assert.Equal(new AgentReference("planner", "7"), found.Agent);
        Assert.Equal(["col-1", "col-2"], found.Collections);
        Assert.True(found.IsPublic);
        Assert.Equal(0.5, found.Settings!.Value.GetProperty("temperature").GetDouble());
        Assert.Equal("owner-1", found.OwnerId);
        Assert.Equal("creator-1", found.CreatedBy);
        Assert.Equal(conversation.CreatedAt, found.CreatedAt);
        Assert.Equal(conversation.UpdatedAt, found.UpdatedAt);
        Assert.Equal(conversation.EndedAt, found.EndedAt);
    }

    [Fact]
    public async Task A_conversation_with_only_required_fields_reads_back_with_defaults()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, UserScope.Anonymous);

        await Store.CreateConversationAsync(conversation, None);
        var found = await Store.FindConversationAsync(UserScope.User(tenant, UserScope.Anonymous), conversation.Id, None);

        Assert.NotNull(found);
        Assert.Equal("", found.Name);
        Assert.Null(found.Inputs);
        Assert.Null(found.Settings);
        Assert.Null(found.Agent);
        Assert.Null(found.EndedAt);
        Assert.Null(found.Metadata);
        Assert.Empty(found.Collections);
        Assert.Equal(ConversationStatus.Active, found.Status);
    }

    [Fact]
    public async Task Find_sees_only_the_scopes_tenant_and_user()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u1");
        await Store.CreateConversationAsync(conversation, None);

        Assert.NotNull(await Store.FindConversationAsync(UserScope.User(tenant, "u1"), conversation.Id, None));
        Assert.NotNull(await Store.FindConversationAsync(UserScope.WholeTenant(tenant), conversation.Id, None));
        Assert.Null(await Store.FindConversationAsync(UserScope.User(tenant, "u2"), conversation.Id, None));
        Assert.Null(await Store.FindConversationAsync(UserScope.User(TestData.NewTenant(), "u1"), conversation.Id, None));
        Assert.Null(await Store.FindConversationAsync(UserScope.WholeTenant(TestData.NewTenant()), conversation.Id, None));
        Assert.Null(await Store.FindConversationAsync(UserScope.User(tenant, "u1"), Guid.CreateVersion7().ToString(), None));
    }

    [Fact]
    public async Task A_tenant_wide_list_holds_every_user_of_the_tenant_and_no_one_else()
    {
        var tenant = TestData.NewTenant();
        var mine = new[] { TestData.Conversation(tenant, "u1"), TestData.Conversation(tenant, "u2"), TestData.Conversation(tenant, "") };
        var other = TestData.Conversation(TestData.NewTenant(), "u1");
        foreach (var c in mine.Append(other))
        {
            await Store.CreateConversationAsync(c, None);
        }

        var tenantWide = await ListAllAsync(UserScope.WholeTenant(tenant), new(ConversationSortField.CreatedAt, false), ConversationFilter.None, 10);
        var oneUser = await ListAllAsync(UserScope.User(tenant, "u2"), new(ConversationSortField.CreatedAt, false), ConversationFilter.None, 10);

        Assert.Equal(mine.Select(c => c.Id).Order(), tenantWide.Select(c => c.Id).Order());
        Assert.Equal([mine[1].Id], oneUser.Select(c => c.Id));
    }

    public static TheoryData<ConversationSortField, bool, bool> Sorts()
    {
        var data = new TheoryData<ConversationSortField, bool, bool>();
        foreach (var field in Enum.GetValues<ConversationSortField>())
        {
            foreach (var descending in new[] { false, true })
            {
                foreach (var tenantWide in new[] { false, true })
                {
                    data.Add(field, descending, tenantWide);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task Pages_follow_the_sort_with_ties_broken_by_id_and_never_skip_or_repeat(ConversationSortField field, bool descending, bool tenantWide)
    {
        var tenant = TestData.NewTenant();
        var items = new List<Conversation>();
        // Three timestamps and two names shared by many items, so every page boundary falls inside a tie.
        for (var i = 0; i < 11; i++)
        {
            var at = TestData.Epoch.AddMilliseconds(i % 3);
            items.Add(TestData.Conversation(tenant, tenantWide ? $"u{i % 2}" : "u", at, i % 2 == 0 ? "alpha" : "Beta") with
            {
                UpdatedAt = TestData.Epoch.AddMilliseconds(10 - (i % 4)),
            });
        }

        foreach (var c in items)
        {
            await Store.CreateConversationAsync(c, None);
        }

        var sort = new ConversationSort(field, descending);
        var expected = Expected(items, sort);
        var scope = tenantWide ? UserScope.WholeTenant(tenant) : UserScope.User(tenant, "u");
        foreach (var limit in new[] { 1, 2, 4, 11, 50 })
        {
            var seen = await ListAllAsync(scope, sort, ConversationFilter.None, limit);
            Assert.Equal(expected.Select(c => c.Id), seen.Select(c => c.Id));
        }
    }

    [Fact]
    public async Task Has_more_is_true_only_when_an_item_follows()
    {
        var tenant = TestData.NewTenant();
        for (var i = 0; i < 4; i++)
        {
            await Store.CreateConversationAsync(TestData.Conversation(tenant, "u", TestData.Epoch.AddMilliseconds(i)), None);
        }

        var sort = new ConversationSort(ConversationSortField.CreatedAt, false);
        var scope = UserScope.User(tenant, "u");
        var first = await Store.ListConversationsAsync(new(scope, sort, ConversationFilter.None, 2), None);
        var second = await Store.ListConversationsAsync(new(scope, sort, ConversationFilter.None, 2, KeysetPosition.Of(first.Items[^1], sort.Field)), None);
        var whole = await Store.ListConversationsAsync(new(scope, sort, ConversationFilter.None, 4), None);
        var more = await Store.ListConversationsAsync(new(scope, sort, ConversationFilter.None, 3), None);
        var empty = await Store.ListConversationsAsync(new(UserScope.User(tenant, "nobody"), sort, ConversationFilter.None, 3), None);

        Assert.True(first.HasMore);
        Assert.Equal(2, second.Items.Count);
        Assert.False(second.HasMore);
        Assert.Equal(4, whole.Items.Count);
        Assert.False(whole.HasMore);
        Assert.True(more.HasMore);
        Assert.Empty(empty.Items);
        Assert.False(empty.HasMore);
    }

    [Fact]
    public async Task Paging_resumes_after_the_position_of_a_deleted_item()
    {
        var tenant = TestData.NewTenant();
        var items = Enumerable.Range(0, 5).Select(i => TestData.Conversation(tenant, "u", TestData.Epoch.AddMilliseconds(i))).ToList();
        foreach (var c in items)
        {
            await Store.CreateConversationAsync(c, None);
        }

        var sort = new ConversationSort(ConversationSortField.CreatedAt, false);
        var position = KeysetPosition.Of(items[1], sort.Field);
        Assert.True(await Store.DeleteConversationAsync(UserScope.User(tenant, "u"), items[1].Id, None));

        var page = await Store.ListConversationsAsync(new(UserScope.User(tenant, "u"), sort, ConversationFilter.None, 10, position), None);

        Assert.Equal(items.Skip(2).Select(c => c.Id), page.Items.Select(c => c.Id));
    }

    protected async Task<List<Conversation>> ListAllAsync(UserScope scope, ConversationSort sort, ConversationFilter filter, int limit)
    {
        var all = new List<Conversation>();
        KeysetPosition? after = null;
        for (var guard = 0; guard < 1000; guard++)
        {
            var page = await Store.ListConversationsAsync(new ConversationQuery(scope, sort, filter, limit, after), None);
            Assert.True(page.Items.Count <= limit);
            Assert.False(page.HasMore && page.Items.Count == 0, "HasMore on an empty page");
            all.AddRange(page.Items);
            if (!page.HasMore)
            {
                return all;
            }

            after = KeysetPosition.Of(page.Items[^1], sort.Field);
        }

        throw new InvalidOperationException("Paging did not end.");
    }

    /// <summary>The order the contract promises, computed independently of any store: (field, id), same direction.</summary>
    private static List<Conversation> Expected(IEnumerable<Conversation> items, ConversationSort sort)
    {
        Func<Conversation, string> key = sort.Field switch
        {
            ConversationSortField.CreatedAt => c => c.CreatedAt.ToUnixTimeMilliseconds().ToString("D20", System.Globalization.CultureInfo.InvariantCulture),
            ConversationSortField.UpdatedAt => c => c.UpdatedAt.ToUnixTimeMilliseconds().ToString("D20", System.Globalization.CultureInfo.InvariantCulture),
            ConversationSortField.Name => c => c.Name,
            _ => c => "",
        };
        var ordered = items.Order(Comparer<Conversation>.Create((a, b) =>
        {
            var byField = string.CompareOrdinal(key(a), key(b));
            return byField != 0 ? byField : string.CompareOrdinal(a.Id, b.Id);
        }));
        return sort.Descending ? ordered.Reverse().ToList() : ordered.ToList();
    }
}
