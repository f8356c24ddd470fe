using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Conversations.Api.Auth;
using Conversations.Api.Composition;
using Conversations.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Conversations.Api.Tests;

/// <summary>
/// The cursor signing key read from Key Vault after start. The vault is a Moq stand-in: an outage and
/// a role assignment that has not propagated yet (403) are what a real vault cannot be made to do on
/// demand. Everything else is the real server.
/// </summary>
public sealed class CursorSigningKeyTests : IDisposable
{
    private const string SecretUri = "https://kv-test.vault.azure.net/secrets/cursor-signing-key";
    private const string ApiKey = "k";

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"conversations-cursor-key-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private int _vaultCalls;
    private volatile bool _vaultAnswers;

    public static TheoryData<string, string> VaultSettings() => new()
    {
        { "Cursors:SigningKeyUri", SecretUri },
        // What the app sees while the platform has not resolved a Key Vault reference.
        { "Cursors:SigningKey", $"@Microsoft.KeyVault(SecretUri={SecretUri})" },
    };

    [Theory]
    [MemberData(nameof(VaultSettings))]
    public async Task Until_the_key_arrives_only_requests_that_need_a_cursor_answer_503_and_then_cursors_work(string setting, string value)
    {
        using var host = Host(Environments.Production, new() { [setting] = value }, WithVault);
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", ApiKey);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/conversations", new { user_id = "u" })).StatusCode);
        }

        var waiting = await client.GetAsync("/api/v1/conversations?limit=2");

        await Hostile.DialectErrors.AssertUnavailableAsync(waiting, "/api/v1/conversations");
        // A page that needs no next cursor, and the dialects without cursors, are served meanwhile.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/conversations?limit=5")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openai/v1/conversations?limit=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/conversations?user=u&limit=1")).StatusCode);

        _vaultAnswers = true;
        await AdvanceUntilAsync(() => host.Services.GetRequiredService<KeyVaultCursorSigningKey>().Key is not null);

        using var first = JsonDocument.Parse(await client.GetStringAsync("/api/v1/conversations?limit=2"));
        var cursor = first.RootElement.GetProperty("next_cursor").GetString();
        Assert.NotNull(cursor);
        using var second = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/conversations?limit=2&cursor={Uri.EscapeDataString(cursor)}"));
        Assert.Equal(1, second.RootElement.GetProperty("data").GetArrayLength());
        Assert.False(second.RootElement.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task The_key_source_backs_off_from_one_second_to_thirty_while_the_vault_cannot_be_reached()
    {
        // The SDK's own retries ran out with no answer at all (DNS, network): it throws an AggregateException.
        var unreachable = new Mock<SecretClient>();
        unreachable.Setup(v => v.GetSecretAsync("cursor-signing-key", It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                Interlocked.Increment(ref _vaultCalls);
                return Task.FromException<Response<KeyVaultSecret>>(new AggregateException(new RequestFailedException("Name or service not known (kv-test.vault.azure.net:443)")));
            });
        var source = new KeyVaultCursorSigningKey(
            unreachable.Object, new KeyVaultSecretIdentifier(new Uri(SecretUri)), Production(), _time, NullLogger<KeyVaultCursorSigningKey>.Instance);
        await source.StartAsync(CancellationToken.None);
        var waits = new List<TimeSpan>();

        for (var attempt = 1; attempt <= 7; attempt++)
        {
            await EventuallyAsync(() => Volatile.Read(ref _vaultCalls) == attempt);
            waits.Add(source.RetryAfter);
            if (attempt < 7)
            {
                await AdvanceByUntilAsync(source.RetryAfter, () => Volatile.Read(ref _vaultCalls) > attempt);
            }
        }

        await source.StopAsync(CancellationToken.None);
        Assert.Null(source.Key);
        Assert.Equal([1, 2, 4, 8, 16, 30, 30], waits.Select(w => w.TotalSeconds));
    }

    [Fact]
    public void Production_refuses_to_start_with_the_published_development_key()
    {
        var validation = Assert.Throws<OptionsValidationException>(() => ValidateOnStart(new() { ["Cursors:SigningKey"] = CursorOptions.DevelopmentKey }));

        var failure = Assert.Single(validation.Failures);
        Assert.StartsWith("Cursors__SigningKey is the published development key", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_starts_with_the_development_key_when_none_is_set()
    {
        using var host = Host(Environments.Development, []);
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", ApiKey);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/conversations")).StatusCode);
    }

    public static TheoryData<string, string, string> UnusableSettings() => new()
    {
        { "Cursors:SigningKeyUri", "https://kv-test.vault.azure.net/keys/cursor-signing-key", "Cursors__SigningKeyUri must be a Key Vault secret URI" },
        { "Cursors:SigningKeyUri", "not a uri", "Cursors__SigningKeyUri must be a Key Vault secret URI" },
        { "Cursors:SigningKey", "@Microsoft.KeyVault(SecretName=missing-vault-name)", "Cursors__SigningKey must be base64" },
    };

    [Theory]
    [MemberData(nameof(UnusableSettings))]
    public void Production_refuses_to_start_with_a_signing_key_setting_it_cannot_use(string setting, string value, string message)
    {
        var validation = Assert.Throws<OptionsValidationException>(() => ValidateOnStart(new() { [setting] = value }));

        Assert.Contains(validation.Failures, f => f.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Production_refuses_both_a_key_and_a_key_uri()
    {
        var validation = Assert.Throws<OptionsValidationException>(() => ValidateOnStart(new()
        {
            ["Cursors:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Cursors:SigningKeyUri"] = SecretUri,
        }));

        Assert.Contains("Set Cursors__SigningKey or Cursors__SigningKeyUri, not both.", validation.Failures);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private void WithVault(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(_time);
        services.AddKeyedSingleton(CursorOptions.Section, Vault().Object);
    }

    /// <summary>A vault that refuses with 403 (the role assignment still propagating) until <see cref="_vaultAnswers"/>; the secret has one version.</summary>
    private Mock<SecretClient> Vault()
    {
        var vault = new Mock<SecretClient>();
        vault.Setup(v => v.GetPropertiesOfSecretVersionsAsync("cursor-signing-key", It.IsAny<CancellationToken>()))
            .Returns(() => Versions(SecretModelFactory.SecretProperties(name: "cursor-signing-key", version: "v1", createdOn: DateTimeOffset.UnixEpoch)));
        vault.Setup(v => v.GetSecretAsync("cursor-signing-key", It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                Interlocked.Increment(ref _vaultCalls);
                return _vaultAnswers
                    ? Task.FromResult(Response.FromValue(SecretModelFactory.KeyVaultSecret(new SecretProperties("cursor-signing-key"), _secret), Mock.Of<Response>()))
                    : Task.FromException<Response<KeyVaultSecret>>(new RequestFailedException(403, "Caller is not authorized to perform action on resource.", "Forbidden", null));
            });
        return vault;
    }

    [Fact]
    public async Task The_previous_enabled_version_of_the_vault_secret_still_verifies_the_cursors_it_signed()
    {
        var previous = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var retired = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var vault = new Mock<SecretClient>();
        var current = Version("v3", 3, _secret);
        vault.Setup(v => v.GetSecretAsync("cursor-signing-key", It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Response.FromValue(current, Mock.Of<Response>()));
        vault.Setup(v => v.GetSecretAsync("cursor-signing-key", "v2", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Response.FromValue(Version("v2", 2, previous), Mock.Of<Response>()));
        vault.Setup(v => v.GetSecretAsync("cursor-signing-key", "v1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Response.FromValue(Version("v1", 1, retired), Mock.Of<Response>()));
        var disabled = Version("v1", 1, retired).Properties;
        disabled.Enabled = false;
        vault.Setup(v => v.GetPropertiesOfSecretVersionsAsync("cursor-signing-key", It.IsAny<CancellationToken>()))
            .Returns(() => Versions(disabled, Version("v2", 2, previous).Properties, current.Properties));
        var previousCursor = await MieltoCursorAsync(new() { ["Cursors:SigningKey"] = previous });
        var retiredCursor = await MieltoCursorAsync(new() { ["Cursors:SigningKey"] = retired });
        using var host = Host(Environments.Production, new() { ["Cursors:SigningKeyUri"] = SecretUri }, services =>
        {
            services.AddSingleton<TimeProvider>(_time);
            services.AddKeyedSingleton(CursorOptions.Section, vault.Object);
        });
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", ApiKey);
        await AdvanceUntilAsync(() => host.Services.GetRequiredService<KeyVaultCursorSigningKey>().Key is not null);

        var accepted = await client.GetAsync($"/api/v1/conversations?limit=1&user_id=u&cursor={Uri.EscapeDataString(previousCursor)}");
        var refused = await client.GetAsync($"/api/v1/conversations?limit=1&user_id=u&cursor={Uri.EscapeDataString(retiredCursor)}");

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
    }

    /// <summary>A version of the secret, created at second <paramref name="second"/> of the Unix epoch.</summary>
    private static KeyVaultSecret Version(string version, int second, string value)
    {
        var properties = SecretModelFactory.SecretProperties(name: "cursor-signing-key", version: version, createdOn: DateTimeOffset.UnixEpoch.AddSeconds(second));
        properties.Enabled = true;
        return SecretModelFactory.KeyVaultSecret(properties, value);
    }

    private static AsyncPageable<SecretProperties> Versions(params SecretProperties[] versions) =>
        AsyncPageable<SecretProperties>.FromPages([Page<SecretProperties>.FromValues(versions, null, Mock.Of<Response>())]);

    /// <summary>The next cursor of a first Mielto page, from a server signing with the given key (over the test's store file).</summary>
    private async Task<string> MieltoCursorAsync(Dictionary<string, string?> settings)
    {
        using var host = Host(Environments.Production, settings);
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", ApiKey);
        while (true)
        {
            using var page = JsonDocument.Parse(await client.GetStringAsync("/api/v1/conversations?limit=1&user_id=u"));
            if (page.RootElement.GetProperty("next_cursor").GetString() is { } cursor)
            {
                return cursor;
            }

            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/conversations", new { user_id = "u" })).StatusCode);
        }
    }

    private WebApplicationFactory<Program> Host(string environment, Dictionary<string, string?> settings, Action<IServiceCollection>? services = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            b.UseSetting("Storage:Sqlite:Path", _path);
            b.UseSetting("Auth:ApiKeys:0:Tenant", "t");
            b.UseSetting("Auth:ApiKeys:0:KeySha256", ApiKeyAuthenticator.HashKey(ApiKey));
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }

            if (services is not null)
            {
                b.ConfigureTestServices(services);
            }
        });

    /// <summary>Moves the clock a second at a time until <paramref name="done"/>: the background retries wait on it.</summary>
    private async Task AdvanceUntilAsync(Func<bool> done) =>
        Assert.True(await Eventually.HoldsAsync(() => done() || Advance(TimeSpan.FromSeconds(1)), TimeSpan.FromSeconds(60)), "the key never arrived");

    /// <summary>
    /// Runs what ValidateOnStart runs when a production host starts, on the server's composition
    /// (a failing WebApplicationFactory host can report a disposed provider instead of the failure).
    /// </summary>
    private void ValidateOnStart(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = _path,
            ["Auth:ApiKeys:0:Tenant"] = "t",
            ["Auth:ApiKeys:0:KeySha256"] = ApiKeyAuthenticator.HashKey(ApiKey),
        }.Concat(settings)).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddConversationsApi(configuration, Production());
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    /// <summary>
    /// Moves the clock by <paramref name="wait"/> until <paramref name="done"/>: the source registers its
    /// timer just after a failed call, so a first move can come before the timer exists.
    /// </summary>
    private async Task AdvanceByUntilAsync(TimeSpan wait, Func<bool> done) =>
        Assert.True(await Eventually.HoldsAsync(() => done() || Advance(wait), TimeSpan.FromSeconds(60)), "the source did not try again");

    /// <summary>Moves the clock (the background retries wait on it) and reports the condition as not yet met.</summary>
    private bool Advance(TimeSpan by)
    {
        _time.Advance(by);
        return false;
    }

    private static async Task EventuallyAsync(Func<bool> condition) =>
        Assert.True(await Conversations.Testing.Eventually.HoldsAsync(condition, TimeSpan.FromSeconds(30)), "timed out waiting for the key source");

    private static Microsoft.Extensions.Hosting.Internal.HostingEnvironment Production() => new() { EnvironmentName = Environments.Production };
}
