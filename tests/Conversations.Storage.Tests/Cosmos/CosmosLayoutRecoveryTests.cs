using Conversations.Storage.Cosmos;
using Conversations.Testing;
using Microsoft.Extensions.Logging;

namespace Conversations.Storage.Tests.Cosmos;

/// <summary>
/// The database or a container disappearing under a running store (deleted, or an emulator restarted
/// empty): calls answer "unavailable, retry after" and the store recovers without a restart, by
/// creating its layout again when it may, otherwise once someone else has.
/// </summary>
[Collection(SharedCosmosServer.Name)]
public sealed class CosmosLayoutRecoveryTests(CosmosStoreFixture fixture)
{
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task With_CreateIfMissing_a_deleted_container_answers_503_and_is_created_again()
    {
        var database = NewDatabase();
        var (conversations, variables) = await CosmosTestServer.CreateContainersAsync(fixture.Client, database);
        var store = new CosmosConversationStore(conversations, variables, new RecordingLogger(), createIfMissing: true);
        var before = TestData.Conversation(TestData.NewTenant(), "u");
        await store.CreateConversationAsync(before, None);

        await conversations.DeleteContainerAsync();
        var outage = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.FindConversationAsync(UserScope.User(before.TenantId, "u"), before.Id, None));

        Assert.NotNull(outage.RetryAfter);
        var after = TestData.Conversation(TestData.NewTenant(), "u");
        await store.CreateConversationAsync(after, None);
        Assert.NotNull(await store.FindConversationAsync(UserScope.User(after.TenantId, "u"), after.Id, None));
        Assert.Null(await store.FindConversationAsync(UserScope.User(before.TenantId, "u"), before.Id, None));
    }

    [Fact]
    public async Task A_burst_of_calls_on_a_deleted_database_creates_it_again_once()
    {
        var database = NewDatabase();
        using var counted = await fixture.CountedStoreAsync(database, createIfMissing: true);
        var store = counted.Store;
        var tenant = TestData.NewTenant();
        var sort = new ConversationSort(ConversationSortField.UpdatedAt, true);
        await store.ListConversationsAsync(new ConversationQuery(UserScope.User(tenant, "u"), sort, ConversationFilter.None, 5), None);

        await counted.Client.GetDatabase(database).DeleteAsync();
        var (requests, outcomes) = await counted.Requests.RecordAsync(() => Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
            await Record.ExceptionAsync(() => store.ListConversationsAsync(new ConversationQuery(UserScope.User(tenant, $"u{i}"), sort, ConversationFilter.None, 5), None))))));

        // A call that started after the repair finished simply succeeds; the others wait for the one repair.
        Assert.All(outcomes, outcome => Assert.True(outcome is null or StoreUnavailableException, outcome?.ToString()));
        Assert.Contains(outcomes, outcome => outcome is StoreUnavailableException);
        Assert.Single(requests, r => r.Method == HttpMethod.Post && r.Path.Trim('/') == "dbs");
        // One creation of each container: conversations, variables and items.
        Assert.Equal(3, requests.Count(r => r.Method == HttpMethod.Post && r.Path.TrimEnd('/').EndsWith("/colls", StringComparison.Ordinal)));
        Assert.Empty((await store.ListConversationsAsync(new ConversationQuery(UserScope.User(tenant, "u"), sort, ConversationFilter.None, 5), None)).Items);
    }

    [Fact]
    public async Task Without_CreateIfMissing_a_missing_container_keeps_answering_503_names_it_in_an_error_and_recovers_once_it_exists()
    {
        var database = NewDatabase();
        var (conversations, variables) = await CosmosTestServer.CreateContainersAsync(fixture.Client, database);
        var logger = new RecordingLogger();
        var store = new CosmosConversationStore(conversations, variables, logger, createIfMissing: false);
        var conversation = TestData.Conversation(TestData.NewTenant(), "u");
        await store.CreateConversationAsync(conversation, None);
        var key = new ConversationKey(conversation.TenantId, "u", conversation.Id);

        await variables.DeleteContainerAsync();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ListVariablesAsync(new VariableQuery(key, null, 10), None));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.FindVariableAsync(key, "v", None));
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains($"container '{database}/variables'", StringComparison.Ordinal));
        Assert.NotNull(await store.FindConversationAsync(UserScope.User(conversation.TenantId, "u"), conversation.Id, None));

        await CosmosTestServer.CreateContainersAsync(fixture.Client, database);
        Assert.Empty((await store.ListVariablesAsync(new VariableQuery(key, null, 10), None)).Items);
    }

    [Fact]
    public async Task The_availability_check_reports_a_missing_container_as_unavailable()
    {
        var database = NewDatabase();
        var (conversations, variables) = await CosmosTestServer.CreateContainersAsync(fixture.Client, database);
        var store = new CosmosConversationStore(conversations, variables, new RecordingLogger(), createIfMissing: false);
        await store.CheckAvailableAsync(None);

        await conversations.DeleteContainerAsync();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CheckAvailableAsync(None));
    }

    private static string NewDatabase() => "layout-" + Guid.NewGuid().ToString("N")[..8];
}
