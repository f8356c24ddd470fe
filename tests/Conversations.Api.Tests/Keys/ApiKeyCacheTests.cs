using Conversations.Keys;
using Conversations.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conversations.Api.Tests.Keys;

/// <summary>How the cache spares the registry: shared lookups and bounded memory (on the SQLite store).</summary>
public sealed class ApiKeyCacheTests(SqliteKeyStoreFixture fixture) : IClassFixture<SqliteKeyStoreFixture>
{
    private readonly FrozenTime _time = new(TestData.Epoch);

    [Fact]
    public async Task Concurrent_requests_with_one_key_share_one_registry_read()
    {
        var store = new CountingKeyStore(fixture.NewStore().Store);
        var issued = await new ApiKeyRegistry(store, _time).CreateAsync("acme", null, CancellationToken.None);
        using var cache = new ApiKeyCache(store, TimeSpan.FromSeconds(60), _time, NullLogger<ApiKeyCache>.Instance);
        store.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var lookups = Enumerable.Range(0, 20).Select(_ => cache.FindActiveAsync(issued.Record.KeySha256, CancellationToken.None).AsTask()).ToList();
        store.Gate.SetResult();
        var found = await Task.WhenAll(lookups);

        Assert.All(found, k => Assert.Equal("acme", k!.Tenant));
        Assert.Equal(1, store.Finds);
    }

    [Fact]
    public async Task Unknown_keys_beyond_the_capacity_are_not_remembered()
    {
        var store = new CountingKeyStore(fixture.NewStore().Store);
        using var cache = new ApiKeyCache(store, TimeSpan.FromSeconds(60), _time, NullLogger<ApiKeyCache>.Instance, capacity: 2);
        var hashes = Enumerable.Range(0, 3).Select(_ => ApiKeyFormat.Hash(ApiKeyFormat.NewKey())).ToList();

        foreach (var hash in hashes)
        {
            Assert.Null(await cache.FindActiveAsync(hash, CancellationToken.None));
        }

        var afterFirstRound = store.Finds;
        foreach (var hash in hashes)
        {
            await cache.FindActiveAsync(hash, CancellationToken.None);
        }

        // The key that found no room is asked for again; a compaction the cache may run in the
        // background can evict one remembered key as well, never more.
        Assert.Equal(3, afterFirstRound);
        Assert.InRange(store.Finds, 4, 5);
    }
}
