using System.Diagnostics;
using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Conversations.Storage.Cosmos;
using Conversations.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conversations.Storage.Tests.Cosmos;

/// <summary>
/// Cosmos DB that stops answering (a frozen process, a network black hole) must not hold a store call
/// past its caller's deadline: the call ends when its token is cancelled, and calls work again once
/// the service answers. The service sits behind a proxy that can hold every byte without closing.
/// </summary>
[Collection(SharedCosmosServer.Name)]
public sealed class CosmosFrozenServiceTests(CosmosStoreFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task A_call_to_a_frozen_service_ends_when_its_token_is_cancelled_and_calls_succeed_after_thaw()
    {
        await using var proxy = new FreezableTcpProxy(fixture.Server.Port);
        using var client = fixture.Server.CreateClient(endpoint: new Uri($"http://127.0.0.1:{proxy.Port}/"));
        var (conversations, variables) = await CosmosTestServer.CreateContainersAsync(client, "conformance");
        var store = new CosmosConversationStore(conversations, variables, NullLogger<CosmosConversationStore>.Instance);
        var conversation = TestData.Conversation(TestData.NewTenant(), "u");
        await store.CreateConversationAsync(conversation, CancellationToken.None);
        var scope = UserScope.User(conversation.TenantId, "u");
        var list = new ConversationQuery(UserScope.WholeTenant(conversation.TenantId), new ConversationSort(ConversationSortField.UpdatedAt, true), ConversationFilter.None, 10);
        await store.ListConversationsAsync(list, CancellationToken.None);

        proxy.Freeze();
        var find = await TimeUntilCancelledAsync(token => store.FindConversationAsync(scope, conversation.Id, token));
        var page = await TimeUntilCancelledAsync(token => store.ListConversationsAsync(list, token));
        var update = await TimeUntilCancelledAsync(token => store.UpdateConversationAsync(scope, conversation.Id, new ConversationChanges(TestData.Epoch) { Name = new("x") }, token));
        proxy.Thaw();

        // Ended by the cancellation (timers may fire a few milliseconds early), not by an answer or by
        // the SDK's own 65 s timeout; the upper bound leaves room for a loaded machine.
        Assert.All(new[] { find, page, update }, elapsed => Assert.InRange(elapsed, Deadline * 0.9, TimeSpan.FromSeconds(10)));
        using var afterThaw = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.NotNull(await store.FindConversationAsync(scope, conversation.Id, afterThaw.Token));
        Assert.Single((await store.ListConversationsAsync(list, afterThaw.Token)).Items);
    }

    [Fact]
    public async Task A_delete_cut_short_after_its_first_write_leaves_the_conversation_and_a_retry_removes_everything()
    {
        await using var proxy = new FreezableTcpProxy(fixture.Server.Port);
        var freezer = new FreezeAfterFirstDelete(proxy);
        using var client = fixture.Server.CreateClient(o => o.HttpClientFactory = () => new HttpClient(freezer, disposeHandler: false), new Uri($"http://127.0.0.1:{proxy.Port}/"));
        var (conversations, variables) = await CosmosTestServer.CreateContainersAsync(client, "conformance");
        var store = new CosmosConversationStore(conversations, variables, NullLogger<CosmosConversationStore>.Instance);
        var conversation = TestData.Conversation(TestData.NewTenant(), "u");
        await store.CreateConversationAsync(conversation, CancellationToken.None);
        foreach (var name in new[] { "a", "b", "c" })
        {
            await store.CreateVariableAsync(TestData.Variable(conversation, name), CancellationToken.None);
        }

        var scope = UserScope.User(conversation.TenantId, "u");
        var key = new ConversationKey(conversation.TenantId, "u", conversation.Id);

        // The first delete the store sends goes through; then the service stops answering until the
        // call's deadline ends it (an outage or the API deadline between two writes).
        freezer.Arm();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.DeleteConversationAsync(scope, conversation.Id, deadline.Token));
        }

        Assert.True(freezer.Froze);
        proxy.Thaw();
        using var afterThaw = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // What the cut-short delete left is still reachable through its conversation...
        Assert.NotNull(await fixture.Store.FindConversationAsync(scope, conversation.Id, afterThaw.Token));
        // ...so the client's retry finds it and finishes the job.
        Assert.True(await store.DeleteConversationAsync(scope, conversation.Id, afterThaw.Token));

        Assert.Null(await fixture.Store.FindConversationAsync(scope, conversation.Id, afterThaw.Token));
        var left = variables.GetItemQueryIterator<JsonElement>(
            new QueryDefinition("SELECT * FROM c WHERE c.tenantId = @t AND c.userId = @u AND c.conversationId = @c")
                .WithParameter("@t", key.TenantId).WithParameter("@u", key.UserId).WithParameter("@c", key.ConversationId),
            requestOptions: new QueryRequestOptions { PartitionKey = CosmosLayout.ConversationPartition(key.TenantId, key.UserId, key.ConversationId) });
        var remaining = new List<JsonElement>();
        while (left.HasMoreResults)
        {
            remaining.AddRange(await left.ReadNextAsync(afterThaw.Token));
        }

        Assert.Empty(remaining);
    }

    private static async Task<TimeSpan> TimeUntilCancelledAsync<T>(Func<CancellationToken, Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(Deadline);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call(deadline.Token));
        return clock.Elapsed;
    }

    /// <summary>Freezes the proxy once the first DELETE after <see cref="Arm"/> has its answer.</summary>
    private sealed class FreezeAfterFirstDelete(FreezableTcpProxy proxy) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _armed;

        public bool Froze { get; private set; }

        public void Arm() => Volatile.Write(ref _armed, 1);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Delete && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                proxy.Freeze();
                Froze = true;
            }

            return response;
        }
    }
}
