using System.Net.Http.Headers;
using System.Security.Cryptography;
using Conversations.Api.Auth;
using Conversations.Api.Composition;
using Conversations.Keys;
using Conversations.Keys.Sqlite;
using Conversations.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Conversations.Model;
using Conversations.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;

namespace Conversations.Api.Tests.Hosting;

/// <summary>
/// The API running for a test class, on a store of its own: the self-hosted server in process
/// (<see cref="ServerHost{TBackend}"/>) or the Functions app under the local Functions host
/// (<see cref="FunctionsHost{TBackend}"/>). It knows <see cref="TenantCount"/> API keys and hands each
/// test a tenant of its own, so tests share the host but never their data.
/// </summary>
public abstract class ApiHost : IAsyncLifetime
{
    public const int TenantCount = 64;

    private const string DeadlineSetting = "Api:RequestTimeoutSeconds";

    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _keyRegistry = Path.Combine(Path.GetTempPath(), $"conversations-apikeys-{Guid.NewGuid():N}.db");
    private int _nextTenant = -1;

    protected abstract IStoreBackend Backend { get; }

    /// <summary>Settings a kind of host adds (telemetry, say).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> HostSettings => [];

    /// <summary>How many tenants (API keys) the host knows: <see cref="TenantCount"/> for one test class.</summary>
    protected virtual int Tenants => TenantCount;

    public virtual TestTenant NewTenant()
    {
        var index = Interlocked.Increment(ref _nextTenant);
        if (index >= Tenants)
        {
            throw new InvalidOperationException($"This host knows {Tenants} tenants, and its tests asked for more.");
        }

        return new TestTenant($"tenant-{index}", $"key-{index}", this);
    }

    /// <summary>
    /// Issues a key in the host's own key registry (the SQLite file both kinds of host read), as
    /// <c>keys create</c> would; <paramref name="issuedAt"/> backdates it (an expired key, say).
    /// </summary>
    public virtual async Task<string> IssueKeyAsync(string tenant, ApiKeyRestrictions restrictions, TimeSpan? expiresIn = null, DateTimeOffset? issuedAt = null)
    {
        var store = new SqliteApiKeyStore(_keyRegistry, NullLogger<SqliteApiKeyStore>.Instance);
        TimeProvider time = issuedAt is { } at ? new FrozenTime(at) : TimeProvider.System;
        var issued = await new ApiKeyRegistry(store, time).CreateAsync(tenant, "test", restrictions, expiresIn, CancellationToken.None);
        return issued.Key;
    }

    /// <summary>Runs a command of the server's executable (<c>data erase …</c>, say) with the host's settings, answering prompts with <paramref name="input"/>.</summary>
    public virtual async Task<(int Code, string Output, string Error)> RunCommandAsync(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Conversations.Server.ServerCommands.RunAsync(args, output, error, Settings(), new StringReader(input));
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Sends <paramref name="request"/> with every header as given, an empty value included.</summary>
    public virtual Task<HttpResponseMessage> SendExactlyAsync(HttpRequestMessage request) => CreateClient().SendAsync(request);

    /// <summary>A client of the API with no key.</summary>
    public abstract HttpClient CreateClient();

    /// <summary>
    /// Writes conversations straight into the store the host serves, for states no request can make
    /// (many conversations created in one millisecond, say). It uses the app's own composition.
    /// </summary>
    public virtual async Task SeedAsync(IEnumerable<Conversation> conversations)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings()).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddConversationsApi(configuration, new HostingEnvironment { EnvironmentName = "Testing" });
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IConversationStore>();
        foreach (var conversation in conversations)
        {
            await store.CreateConversationAsync(conversation, CancellationToken.None);
        }
    }

    public virtual Task InitializeAsync() => Backend.InitializeAsync();

    public virtual async Task DisposeAsync()
    {
        await Backend.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _keyRegistry, _keyRegistry + "-wal", _keyRegistry + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>Every setting the app runs with, keys in configuration form (<c>Section:Key</c>).</summary>
    protected IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        yield return new("Cursors:SigningKey", _signingKey);
        // A key registry of the host's own, so hosts never share (or leave behind) a default registry file.
        yield return new("Auth:KeyStore:Sqlite:Path", _keyRegistry);
        for (var i = 0; i < Tenants; i++)
        {
            yield return new($"Auth:ApiKeys:{i}:Tenant", $"tenant-{i}");
            yield return new($"Auth:ApiKeys:{i}:KeySha256", ApiKeyAuthenticator.HashKey($"key-{i}"));
        }

        // The request deadline is 10 s by default; a machine running the whole suite beside other
        // builds can take longer than that for a store call. Only the tests of the deadline itself
        // set one (a host's own setting), and only they need it met.
        if (!HostSettings.Any(s => s.Key == DeadlineSetting))
        {
            yield return new(DeadlineSetting, "60");
        }

        foreach (var setting in Backend.Settings.Concat(HostSettings))
        {
            yield return setting;
        }
    }
}

/// <summary>A tenant a test owns: its id (workspace), its API key, and clients that send the key.</summary>
public sealed record TestTenant(string Id, string Key, ApiHost Host)
{
    public HttpClient Client() => ClientWith(Key);

    /// <summary>A client that sends another key of this tenant (one from <see cref="ApiHost.IssueKeyAsync"/>).</summary>
    public HttpClient ClientWith(string key)
    {
        var client = Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
