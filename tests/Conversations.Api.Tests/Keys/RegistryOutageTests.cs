using Azure.Data.Tables;
using Conversations.Api.Auth;
using Conversations.Keys;
using Conversations.Keys.Tables;
using Conversations.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Conversations.Api.Tests.Keys;

/// <summary>Azure Table storage going away mid-run (Azurite stopped): each test has its own Azurite.</summary>
public sealed class RegistryOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(60);

    private readonly AzuriteTableServer _azurite = new();
    private readonly FrozenTime _time = new(TestData.Epoch);
    private readonly FakeLogCollector _logs = new();

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public Task DisposeAsync() => _azurite.DisposeAsync();

    [Fact]
    public async Task Cached_keys_keep_working_and_other_keys_are_unavailable_not_unknown()
    {
        var store = Store();
        var registry = new ApiKeyRegistry(store, _time);
        var cached = await registry.CreateAsync("acme", null, CancellationToken.None);
        var uncached = await registry.CreateAsync("acme", null, CancellationToken.None);
        using var cache = new ApiKeyCache(store, TimeToLive, _time, new FakeLogger<ApiKeyCache>(_logs));
        await cache.FindActiveAsync(cached.Record.KeySha256, CancellationToken.None);

        await _azurite.StopAsync();
        _time.Advance(TimeToLive * 2);

        Assert.Equal(cached.Record, await cache.FindActiveAsync(cached.Record.KeySha256, CancellationToken.None));
        await Assert.ThrowsAsync<KeyRegistryUnavailableException>(() => cache.FindActiveAsync(uncached.Record.KeySha256, CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<KeyRegistryUnavailableException>(() => store.FindAsync(uncached.Record.KeySha256, CancellationToken.None));
        Assert.Contains(_logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("did not answer", StringComparison.Ordinal));

        _time.Advance(ApiKeyCache.DefaultOutageGrace);
        await Assert.ThrowsAsync<KeyRegistryUnavailableException>(() => cache.FindActiveAsync(cached.Record.KeySha256, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task With_no_grace_a_cached_key_is_unavailable_once_its_cache_time_ends_and_a_revocation_it_missed_cannot_be_outlived()
    {
        var store = Store();
        var registry = new ApiKeyRegistry(store, _time);
        var issued = await registry.CreateAsync("acme", null, CancellationToken.None);
        using var strict = new ApiKeyCache(store, TimeToLive, TimeSpan.Zero, _time, new FakeLogger<ApiKeyCache>(_logs));
        using var lenient = new ApiKeyCache(store, TimeToLive, TimeSpan.FromMinutes(5), _time, new FakeLogger<ApiKeyCache>(_logs));
        await strict.FindActiveAsync(issued.Record.KeySha256, CancellationToken.None);
        await lenient.FindActiveAsync(issued.Record.KeySha256, CancellationToken.None);

        // Revoked while the registry answers, then the registry goes away before either cache asked again.
        await registry.RevokeAsync(issued.Record.Id, CancellationToken.None);
        await _azurite.StopAsync();
        _time.Advance(TimeToLive - TimeSpan.FromSeconds(1));
        var strictWithinCacheTime = await strict.FindActiveAsync(issued.Record.KeySha256, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(issued.Record.Id, strictWithinCacheTime?.Id);
        await Assert.ThrowsAsync<KeyRegistryUnavailableException>(() => strict.FindActiveAsync(issued.Record.KeySha256, CancellationToken.None).AsTask());
        // The grace is the window in which a revocation can go unseen during an outage.
        Assert.Equal(issued.Record.Id, (await lenient.FindActiveAsync(issued.Record.KeySha256, CancellationToken.None))?.Id);
        _time.Advance(TimeSpan.FromMinutes(5));
        await Assert.ThrowsAsync<KeyRegistryUnavailableException>(() => lenient.FindActiveAsync(issued.Record.KeySha256, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task The_health_check_is_healthy_while_the_registry_answers_and_unhealthy_after()
    {
        var check = new KeyRegistryHealthCheck(Store());

        var before = await check.CheckHealthAsync(new HealthCheckContext());
        await _azurite.StopAsync();
        var after = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, before.Status);
        Assert.Equal(HealthStatus.Unhealthy, after.Status);
    }

    private TableApiKeyStore Store()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        return new TableApiKeyStore(
            new TableClient(_azurite.ConnectionString, AzuriteTableServer.NewTableName(), options),
            new TableClient(_azurite.ConnectionString, AzuriteTableServer.NewTableName(), options),
            new FakeLogger<TableApiKeyStore>(_logs));
    }
}
