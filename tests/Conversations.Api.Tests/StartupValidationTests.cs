using Conversations.Api.Auth;
using Conversations.Api.Composition;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Conversations.Api.Tests;

/// <summary>Outside Development the server refuses to start on settings that would be unsafe or useless, and says which.</summary>
public sealed class StartupValidationTests : IDisposable
{
    private static readonly string SigningKey = Convert.ToBase64String(new byte[32]);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"conversations-startup-{Guid.NewGuid():N}");

    public static TheoryData<string, string[]> UnsafeSettings() => new()
    {
        // (the setting the message must name, the settings as key=value)
        { "Cursors__SigningKey", ["Cursors:SigningKey="] },
        { "Cursors__SigningKey", [$"Cursors:SigningKey={Convert.ToBase64String(new byte[16])}"] },
        { "Cursors__PreviousSigningKeys", ["Cursors:PreviousSigningKeys=not-base64!"] },
        { "Auth__ApiKeys__0__KeySha256", ["Auth:ApiKeys:0:Tenant=t", "Auth:ApiKeys:0:KeySha256=my-secret-key"] },
        { "Auth__ApiKeys__1__Tenant", [$"Auth:ApiKeys:0:Tenant=t", $"Auth:ApiKeys:0:KeySha256={ApiKeyAuthenticator.HashKey("a")}", $"Auth:ApiKeys:1:KeySha256={ApiKeyAuthenticator.HashKey("b")}"] },
        { "Auth__KeyCacheSeconds", ["Auth:KeyCacheSeconds=0"] },
        { "Auth:KeyStore:Provider", ["Auth:KeyStore:Provider=Blobs"] },
        { "Auth__KeyStore__Tables__Endpoint", ["Auth:KeyStore:Provider=Tables"] },
        { "Auth__KeyStore__Tables__Endpoint", ["Auth:KeyStore:Provider=Tables", "Auth:KeyStore:Tables:Endpoint=myaccount"] },
        { "Auth__KeyStore__Tables__ConnectionString", ["Auth:KeyStore:Provider=Tables", "Auth:KeyStore:Tables:ConnectionString=AccountName=x"] },
        { "Auth__KeyStore__Tables__TableName", ["Auth:KeyStore:Provider=Tables", "Auth:KeyStore:Tables:Endpoint=https://a.table.core.windows.net", "Auth:KeyStore:Tables:TableName=k"] },
    };

    [Theory]
    [MemberData(nameof(UnsafeSettings))]
    public void Production_refuses_to_start_naming_the_setting(string setting, string[] settings)
    {
        // The checks the host runs before it starts anything, run here directly: a host that fails
        // to start under WebApplicationFactory can be disposed before the factory reads its failure.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings(settings)).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddConversationsApi(configuration, new HostingEnvironment { EnvironmentName = "Production" });
        using var provider = services.BuildServiceProvider();

        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains(setting, messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_starts_with_a_signing_key_and_a_key_hash()
    {
        using var factory = Production([$"Auth:ApiKeys:0:Tenant=t", $"Auth:ApiKeys:0:KeySha256={ApiKeyAuthenticator.HashKey("k")}"]);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "k");

        var response = await client.GetAsync("/openai/v1/conversations");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Production_starts_without_configured_keys_when_the_registry_holds_them()
    {
        using var factory = Production([]);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Conversations.Keys.ApiKeyFormat.NewKey());

        var response = await client.GetAsync("/openai/v1/conversations");

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static IEnumerable<Exception> Chain(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            yield return error;
        }
    }

    private Dictionary<string, string?> Settings(string[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = Path.Combine(_folder, "conversations.db"),
            ["Cursors:SigningKey"] = SigningKey,
        };
        foreach (var setting in settings)
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            all[setting[..equals]] = setting[(equals + 1)..];
        }

        return all;
    }

    private WebApplicationFactory<Program> Production(string[] settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            foreach (var (key, value) in Settings(settings))
            {
                b.UseSetting(key, value);
            }
        });
}
