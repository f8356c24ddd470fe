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

    [Fact]
    public async Task A_key_is_recorded_as_used_at_most_once_an_hour_and_the_list_shows_when()
    {
        var store = new CountingKeyStore(fixture.NewStore().Store);
        var registry = new ApiKeyRegistry(store, _time);
        var issued = await registry.CreateAsync("acme", null, CancellationToken.None);
        using var cache = new ApiKeyCache(store, TimeSpan.FromSeconds(60), _time, NullLogger<ApiKeyCache>.Instance);

        for (var i = 0; i < 5; i++)
        {
            await cache.FindActiveAsync(issued.Record.KeySha256, CancellationToken.None);
            _time.Advance(TimeSpan.FromMinutes(10));
        }

        var withinTheHour = store.UsesRecorded;
        await EventuallyAsync(async () => (await registry.ListAsync("acme", CancellationToken.None))[0].LastUsedAt == TestData.Epoch);
        _time.Advance(TimeSpan.FromMinutes(10));
        await cache.FindActiveAsync(issued.Record.KeySha256, CancellationToken.None);

        // Requests at 0, 10, 20, 30 and 40 minutes: one write; the request at 60 minutes: the second.
        Assert.Equal(1, withinTheHour);
        Assert.Equal(2, store.UsesRecorded);
        await EventuallyAsync(async () => (await registry.ListAsync("acme", CancellationToken.None))[0].LastUsedAt == TestData.Epoch + TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task An_expired_key_is_refused_even_while_it_is_cached()
    {
        var store = new CountingKeyStore(fixture.NewStore().Store);
        var issued = await new ApiKeyRegistry(store, _time).CreateAsync("acme", null, ApiKeyRestrictions.None, TimeSpan.FromMinutes(30), CancellationToken.None);
        using var cache = new ApiKeyCache(store, TimeSpan.FromHours(1), _time, NullLogger<ApiKeyCache>.Instance);

        var fresh = await cache.FindActiveAsync(issued.Record.KeySha256, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromMilliseconds(1));
        var lastMoment = await cache.FindActiveAsync(issued.Record.KeySha256, CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var expired = await cache.FindActiveAsync(issued.Record.KeySha256, CancellationToken.None);

        Assert.Equal(TestData.Epoch + TimeSpan.FromMinutes(30), issued.Record.ExpiresAt);
        Assert.NotNull(fresh);
        Assert.NotNull(lastMoment);
        Assert.Null(expired);
        Assert.Equal(1, store.Finds);
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            // Polls a background write; the wait is for the condition, never a fixed time.
            await Task.Yield();
            deadline.Token.ThrowIfCancellationRequested();
        }
    }
}
