using System.Net.Http.Headers;
using System.Security.Cryptography;
using Conversations.Api.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Conversations.Api.Tests.Hosting;

/// <summary>
/// The self-hosted server in process, shared by a test class. It knows <see cref="TenantCount"/> API
/// keys, and hands each test a tenant of its own, so tests share the host but never their data.
/// Subclasses choose the store.
/// </summary>
public abstract class ApiHost : WebApplicationFactory<Program>
{
    public const int TenantCount = 64;

    private readonly string _keyRegistry = Path.Combine(Path.GetTempPath(), $"conversations-apikeys-{Guid.NewGuid():N}.db");
    private int _nextTenant = -1;

    /// <summary>Settings that select and configure the store.</summary>
    protected abstract IReadOnlyDictionary<string, string?> StoreSettings { get; }

    public TestTenant NewTenant()
    {
        var index = Interlocked.Increment(ref _nextTenant);
        if (index >= TenantCount)
        {
            throw new InvalidOperationException($"A test class may use at most {TenantCount} tenants.");
        }

        return new TestTenant($"tenant-{index}", $"key-{index}", this);
    }

    /// <summary>The same host with a different clock (for example one that stands still).</summary>
    public WebApplicationFactory<Program> WithTime(TimeProvider time) =>
        WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(time)));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings())
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        foreach (var file in new[] { _keyRegistry, _keyRegistry + "-wal", _keyRegistry + "-shm" })
        {
            File.Delete(file);
        }
    }

    private IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        yield return new("Cursors:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        // A registry of the host's own, so hosts never share (or leave behind) a default registry file.
        yield return new("Auth:KeyStore:Sqlite:Path", _keyRegistry);
        for (var i = 0; i < TenantCount; i++)
        {
            yield return new($"Auth:ApiKeys:{i}:Tenant", $"tenant-{i}");
            yield return new($"Auth:ApiKeys:{i}:KeySha256", ApiKeyAuthenticator.HashKey($"key-{i}"));
        }

        foreach (var setting in StoreSettings)
        {
            yield return setting;
        }
    }
}

/// <summary>A tenant a test owns: its id (workspace), its API key, and clients that send the key.</summary>
public sealed record TestTenant(string Id, string Key, WebApplicationFactory<Program> Host)
{
    public HttpClient Client() => Host.CreateClientFor(this);
}

public static class HostClients
{
    public static HttpClient CreateClientFor(this WebApplicationFactory<Program> host, TestTenant tenant)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(tenant);
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.Key);
        return client;
    }
}
