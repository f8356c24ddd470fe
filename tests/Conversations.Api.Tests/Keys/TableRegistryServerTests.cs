using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Conversations.Api.Auth;
using Conversations.Keys;
using Conversations.Testing;

namespace Conversations.Api.Tests.Keys;

/// <summary>The server and the <c>keys</c> command on Azure Table storage (Azurite, one per test, so a test may stop it).</summary>
public sealed class TableRegistryServerTests : IAsyncLifetime, IDisposable
{
    private readonly AzuriteTableServer _azurite = new();
    private readonly string _table = AzuriteTableServer.NewTableName();
    private KeyServer _server = null!;

    public static TheoryData<string> Lists() => ["/v1/conversations?user=u", "/openai/v1/conversations", "/api/v1/conversations"];

    // The settings name Azurite's port, known once it has started.
    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _server = new KeyServer(_azurite.KeyStoreSettings(_table));
    }

    public Task DisposeAsync() => _azurite.DisposeAsync();

    public void Dispose() => _server?.Dispose();

    [Fact]
    public async Task A_key_from_keys_create_works_and_only_its_hash_reaches_the_table()
    {
        var (id, key) = await CreateAsync("acme");

        Assert.Equal(HttpStatusCode.OK, (await _server.ClientWithKey(key).GetAsync("/openai/v1/conversations")).StatusCode);
        Assert.Equal(0, (await _server.KeysAsync("revoke", id)).Code);
        _server.Time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.ClientWithKey(key).GetAsync("/openai/v1/conversations")).StatusCode);

        var rows = new List<TableEntity>();
        await foreach (var row in new TableClient(_azurite.ConnectionString, _table).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        var row0 = Assert.Single(rows);
        Assert.Equal(ApiKeyFormat.Hash(key), row0.PartitionKey);
        Assert.DoesNotContain(rows.SelectMany(r => r.Select(p => p.Value)), v => v?.ToString()?.Contains(key, StringComparison.Ordinal) == true);
        Assert.All(_server.Logs.GetSnapshot(), r => Assert.DoesNotContain(key, r.Message + r.Exception, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task When_the_registry_goes_down_cached_keys_are_served_and_other_keys_get_503_not_401(string path)
    {
        var (_, cached) = await CreateAsync("acme");
        var (_, uncached) = await CreateAsync("acme");
        using var cachedClient = Client(cached);
        using var uncachedClient = Client(uncached);
        Assert.Equal(HttpStatusCode.OK, (await cachedClient.GetAsync(path)).StatusCode);

        await _azurite.StopAsync();
        _server.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(HttpStatusCode.OK, (await cachedClient.GetAsync(path)).StatusCode);
        var unavailable = await uncachedClient.GetAsync(path);
        await Hostile.DialectErrors.AssertUnavailableAsync(unavailable, path);

        // A key that cannot be one the registry issued is refused without asking it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client("not-a-registry-key").GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task With_strict_revocation_a_key_revoked_before_an_outage_gets_503_once_its_cache_time_ends()
    {
        using var strict = new KeyServer(new Dictionary<string, string?>(_azurite.KeyStoreSettings(_table)) { ["Auth:OutageGraceSeconds"] = "0" });
        var (id, key) = await CreateAsync("acme");
        using var strictClient = strict.ClientWithKey(key);
        using var lenientClient = _server.ClientWithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await strictClient.GetAsync("/openai/v1/conversations")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lenientClient.GetAsync("/openai/v1/conversations")).StatusCode);

        Assert.Equal(0, (await _server.KeysAsync("revoke", id)).Code);
        await _azurite.StopAsync();
        strict.Time.Advance(TimeSpan.FromSeconds(60));
        _server.Time.Advance(TimeSpan.FromSeconds(60));

        await Hostile.DialectErrors.AssertUnavailableAsync(await strictClient.GetAsync("/openai/v1/conversations"), "/openai/v1/conversations");
        // With the default grace (300 s) the revocation goes unseen until the grace ends too.
        Assert.Equal(HttpStatusCode.OK, (await lenientClient.GetAsync("/openai/v1/conversations")).StatusCode);
        _server.Time.Advance(TimeSpan.FromSeconds(300));
        await Hostile.DialectErrors.AssertUnavailableAsync(await lenientClient.GetAsync("/openai/v1/conversations"), "/openai/v1/conversations");
    }

    [Fact]
    public async Task Readiness_follows_the_table()
    {
        using var client = _server.CreateClient();

        var up = await client.GetAsync("/readyz");
        await _azurite.StopAsync();
        // Readiness answers are reused for a few seconds, so probes cannot drive backend calls.
        _server.Time.Advance(Conversations.Api.Health.ReadinessCache.Lifetime);
        var down = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        var checks = JsonDocument.Parse(await down.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal("Unhealthy", checks.GetProperty(KeyRegistryHealthCheck.Name).GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("store").GetProperty("status").GetString());
    }

    private async Task<(string Id, string Key)> CreateAsync(string tenant)
    {
        var (code, output, error) = await _server.KeysAsync("create", "--tenant", tenant, "--json");
        Assert.True(code == 0, error);
        var created = JsonDocument.Parse(output).RootElement;
        return (created.GetProperty("id").GetString()!, created.GetProperty("key").GetString()!);
    }

    private HttpClient Client(string key)
    {
        var client = _server.ClientWithKey(key);
        client.DefaultRequestHeaders.Add("X-Workspace-Id", "acme");
        return client;
    }
}
