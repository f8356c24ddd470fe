using Conversations.Model;
using Conversations.Testing;

namespace Conversations.Storage.Tests.Conformance;

/// <summary>Erasure: what an end user's (or a tenant's) deletion request is answered with.</summary>
public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Erasing_a_user_removes_all_their_conversations_and_variables_and_nothing_of_anyone_else()
    {
        var tenant = TestData.NewTenant();
        var otherTenant = TestData.NewTenant();
        var gone = await SeedAsync(tenant, "gone", conversations: 3, variablesEach: 2);
        var stays = await SeedAsync(tenant, "stays", conversations: 2, variablesEach: 1);
        var sameUserElsewhere = await SeedAsync(otherTenant, "gone", conversations: 1, variablesEach: 1);
        var reports = new List<ErasureCounts>();

        var erased = await Store.EraseAsync(UserScope.User(tenant, "gone"), new Collect(reports), None);
        var again = await Store.EraseAsync(UserScope.User(tenant, "gone"), null, None);

        Assert.Equal(new ErasureCounts(3, 6), erased);
        Assert.Equal(ErasureCounts.None, again);
        Assert.Equal(erased, reports[^1]);
        Assert.Equal(reports.OrderBy(r => r.Total), reports);
        Assert.Empty(await ListAsync(UserScope.User(tenant, "gone")));
        foreach (var conversation in gone)
        {
            Assert.Null(await Store.FindConversationAsync(UserScope.WholeTenant(tenant), conversation.Id, None));
            Assert.Empty((await Store.ListVariablesAsync(new VariableQuery(Key(conversation), null, 10), None)).Items);
        }

        Assert.Equal(stays.Select(c => c.Id).Order(), (await ListAsync(UserScope.WholeTenant(tenant))).Order());
        foreach (var conversation in stays)
        {
            Assert.Single((await Store.ListVariablesAsync(new VariableQuery(Key(conversation), null, 10), None)).Items);
        }

        Assert.Equal([sameUserElsewhere[0].Id], await ListAsync(UserScope.User(otherTenant, "gone")));
        Assert.Single((await Store.ListVariablesAsync(new VariableQuery(Key(sameUserElsewhere[0]), null, 10), None)).Items);
    }

    [Fact]
    public async Task Erasing_a_tenant_removes_every_user_of_it_and_no_other_tenant()
    {
        var tenant = TestData.NewTenant();
        var otherTenant = TestData.NewTenant();
        await SeedAsync(tenant, "a", conversations: 2, variablesEach: 1);
        await SeedAsync(tenant, UserScope.Anonymous, conversations: 1, variablesEach: 0);
        var kept = await SeedAsync(otherTenant, "a", conversations: 1, variablesEach: 1);

        var erased = await Store.EraseAsync(UserScope.WholeTenant(tenant), null, None);
        var again = await Store.EraseAsync(UserScope.WholeTenant(tenant), null, None);

        Assert.Equal(new ErasureCounts(3, 2), erased);
        Assert.Equal(ErasureCounts.None, again);
        Assert.Empty(await ListAsync(UserScope.WholeTenant(tenant)));
        Assert.Equal([kept[0].Id], await ListAsync(UserScope.WholeTenant(otherTenant)));
    }

    private async Task<List<Conversation>> SeedAsync(string tenant, string user, int conversations, int variablesEach)
    {
        var seeded = new List<Conversation>();
        for (var i = 0; i < conversations; i++)
        {
            var conversation = TestData.Conversation(tenant, user, TestData.Epoch.AddSeconds(i), $"secret {user} {i}");
            await Store.CreateConversationAsync(conversation, None);
            for (var v = 0; v < variablesEach; v++)
            {
                await Store.CreateVariableAsync(TestData.Variable(conversation, $"v{v}", TestData.Epoch.AddSeconds(v)), None);
            }

            seeded.Add(conversation);
        }

        return seeded;
    }

    private async Task<List<string>> ListAsync(UserScope scope) =>
        [.. (await Store.ListConversationsAsync(new ConversationQuery(scope, new(ConversationSortField.CreatedAt, false), ConversationFilter.None, 100), None)).Items.Select(c => c.Id)];

    private static ConversationKey Key(Conversation conversation) => new(conversation.TenantId, conversation.UserId, conversation.Id);

    private sealed class Collect(List<ErasureCounts> reports) : IProgress<ErasureCounts>
    {
        public void Report(ErasureCounts value) => reports.Add(value);
    }
}
