using Conversations.Keys;
using Conversations.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conversations.Api.Tests.Keys;

/// <summary>What every key store must do, whichever it is (one fixture per store below).</summary>
public abstract class KeyRegistryConformanceTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : KeyStoreFixture
{
    private static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(60);

    private readonly FrozenTime _time = new(TestData.Epoch);

    [Fact]
    public async Task An_issued_key_is_found_by_its_hash_and_only_the_hash_is_stored()
    {
        var under = fixture.NewStore();
        var registry = Registry(under);

        var issued = await registry.CreateAsync("acme", "ci", CancellationToken.None);
        var found = await under.Store.FindAsync(ApiKeyFormat.Hash(issued.Key), CancellationToken.None);

        Assert.Equal(issued.Record, found);
        Assert.Equal(("acme", "ci", TestData.Epoch, (DateTimeOffset?)null), (found!.Tenant, found.Name, found.CreatedAt, found.RevokedAt));
        Assert.True(ApiKeyFormat.IsWellFormed(issued.Key));
        var raw = await under.RawContentAsync();
        Assert.Contains(issued.Record.KeySha256, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(issued.Key, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(issued.Key[ApiKeyFormat.Prefix.Length..], raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_before_any_key_was_issued_find_nothing_and_the_probe_answers()
    {
        var under = fixture.NewStore();

        Assert.Null(await under.Store.FindAsync(ApiKeyFormat.Hash(ApiKeyFormat.NewKey()), CancellationToken.None));
        Assert.Empty(await under.Store.ListAsync(null, CancellationToken.None));
        Assert.Null(await under.Store.RevokeAsync(Guid.NewGuid().ToString(), TestData.Epoch, CancellationToken.None));
        await under.Store.ProbeAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_hash_nobody_issued_finds_nothing()
    {
        var under = fixture.NewStore();
        await Registry(under).CreateAsync("acme", null, CancellationToken.None);

        Assert.Null(await under.Store.FindAsync(ApiKeyFormat.Hash(ApiKeyFormat.NewKey()), CancellationToken.None));
        await under.Store.ProbeAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Lists_hold_every_key_or_one_tenants_keys_oldest_first()
    {
        var under = fixture.NewStore();
        var registry = Registry(under);
        var first = await registry.CreateAsync("alpha", "one", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        var other = await registry.CreateAsync("beta", "two", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await registry.CreateAsync("alpha", "three", CancellationToken.None);

        Assert.Equal([first.Record, second.Record], await registry.ListAsync("alpha", CancellationToken.None));
        Assert.Equal([other.Record], await registry.ListAsync("beta", CancellationToken.None));
        Assert.Equal([first.Record, other.Record, second.Record], await registry.ListAsync(null, CancellationToken.None));
        Assert.Empty(await registry.ListAsync("gamma", CancellationToken.None));
    }

    [Fact]
    public async Task Two_tenants_keys_never_cross()
    {
        var under = fixture.NewStore();
        var registry = Registry(under);
        using var cache = Cache(under);
        var alpha = await registry.CreateAsync("alpha", null, CancellationToken.None);
        var beta = await registry.CreateAsync("beta", null, CancellationToken.None);

        Assert.Equal("alpha", (await cache.FindActiveAsync(ApiKeyFormat.Hash(alpha.Key), CancellationToken.None))!.Tenant);
        Assert.Equal("beta", (await cache.FindActiveAsync(ApiKeyFormat.Hash(beta.Key), CancellationToken.None))!.Tenant);
        Assert.DoesNotContain(await registry.ListAsync("beta", CancellationToken.None), k => k.Tenant == "alpha");
    }

    [Fact]
    public async Task A_revoked_key_is_found_and_listed_as_revoked_and_a_second_revocation_keeps_the_first_time()
    {
        var under = fixture.NewStore();
        var registry = Registry(under);
        var issued = await registry.CreateAsync("acme", null, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));

        var revoked = await registry.RevokeAsync(issued.Record.Id, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));
        var again = await registry.RevokeAsync(issued.Record.Id, CancellationToken.None);

        var expected = issued.Record with { RevokedAt = TestData.Epoch.AddMinutes(5) };
        Assert.Equal(expected, revoked);
        Assert.Equal(expected, again);
        Assert.Equal(expected, await under.Store.FindAsync(issued.Record.KeySha256, CancellationToken.None));
        Assert.Equal([expected], await registry.ListAsync("acme", CancellationToken.None));
        Assert.Null(await registry.RevokeAsync(Guid.NewGuid().ToString(), CancellationToken.None));
    }

    [Fact]
    public async Task A_row_that_is_not_a_key_is_ignored_and_logged_without_its_hash()
    {
        var under = fixture.NewStore();
        var good = await Registry(under).CreateAsync("acme", null, CancellationToken.None);
        var hash = ApiKeyFormat.Hash(ApiKeyFormat.NewKey());
        await under.InsertRowWithoutTenantAsync("hand-made-row", hash);

        Assert.Null(await under.Store.FindAsync(hash, CancellationToken.None));
        Assert.Equal([good.Record], await under.Store.ListAsync(null, CancellationToken.None));

        var warnings = under.Logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("hand-made-row", w.Message, StringComparison.Ordinal));
        Assert.All(warnings, w => Assert.Contains("no tenant", w.Message, StringComparison.Ordinal));
        Assert.All(warnings, w => Assert.DoesNotContain(hash, w.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cached_key_keeps_working_until_the_time_to_live_passes_after_its_revocation()
    {
        var under = fixture.NewStore();
        var registry = Registry(under);
        using var cache = Cache(under);
        var issued = await registry.CreateAsync("acme", null, CancellationToken.None);
        var hash = ApiKeyFormat.Hash(issued.Key);
        Assert.NotNull(await cache.FindActiveAsync(hash, CancellationToken.None));

        await registry.RevokeAsync(issued.Record.Id, CancellationToken.None);
        _time.Advance(TimeToLive - TimeSpan.FromMilliseconds(1));
        var beforeExpiry = await cache.FindActiveAsync(hash, CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var afterExpiry = await cache.FindActiveAsync(hash, CancellationToken.None);

        Assert.Equal(issued.Record, beforeExpiry);
        Assert.Null(afterExpiry);
    }

    [Fact]
    public async Task An_unknown_key_is_remembered_only_briefly()
    {
        var under = fixture.NewStore();
        using var cache = Cache(under);
        var key = ApiKeyFormat.NewKey();
        var hash = ApiKeyFormat.Hash(key);
        Assert.Null(await cache.FindActiveAsync(hash, CancellationToken.None));

        var record = new ApiKeyRecord(Guid.NewGuid().ToString(), "acme", "", hash, TestData.Epoch);
        await under.Store.AddAsync(record, CancellationToken.None);
        var whileRemembered = await cache.FindActiveAsync(hash, CancellationToken.None);
        _time.Advance(ApiKeyCache.LongestMissTime);
        var afterwards = await cache.FindActiveAsync(hash, CancellationToken.None);

        Assert.Null(whileRemembered);
        Assert.Equal(record, afterwards);
    }

    private ApiKeyRegistry Registry(KeyStoreUnderTest under) => new(under.Store, _time);

    private ApiKeyCache Cache(KeyStoreUnderTest under) => new(under.Store, TimeToLive, _time, NullLogger<ApiKeyCache>.Instance);
}

public sealed class SqliteKeyRegistryTests(SqliteKeyStoreFixture fixture) : KeyRegistryConformanceTests<SqliteKeyStoreFixture>(fixture);

public sealed class TableKeyRegistryTests(TableKeyStoreFixture fixture) : KeyRegistryConformanceTests<TableKeyStoreFixture>(fixture);
