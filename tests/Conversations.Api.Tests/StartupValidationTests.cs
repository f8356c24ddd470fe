using Conversations.Api.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Conversations.Api.Tests;

/// <summary>Outside Development the server refuses to start on settings that would be unsafe or useless.</summary>
public sealed class StartupValidationTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"conversations-startup-{Guid.NewGuid():N}.db");

    public static TheoryData<string, string?, string?> UnsafeSettings() => new()
    {
        // (what is wrong, signing key, key hash)
        { "no cursor signing key", null, ApiKeyAuthenticator.HashKey("k") },
        { "a signing key of 16 bytes", Convert.ToBase64String(new byte[16]), ApiKeyAuthenticator.HashKey("k") },
        { "no API key", Convert.ToBase64String(new byte[32]), null },
        { "a plain-text key where its hash belongs", Convert.ToBase64String(new byte[32]), "my-secret-key" },
    };

    [Theory]
    [MemberData(nameof(UnsafeSettings))]
    public void Production_refuses_to_start_with(string problem, string? signingKey, string? keyHash)
    {
        using var factory = Production(signingKey, keyHash);

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.True(error is OptionsValidationException || error.InnerException is OptionsValidationException, problem);
    }

    [Fact]
    public async Task Production_starts_with_a_signing_key_and_a_key_hash()
    {
        using var factory = Production(Convert.ToBase64String(new byte[32]), ApiKeyAuthenticator.HashKey("k"));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "k");

        var response = await client.GetAsync("/openai/v1/conversations");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private WebApplicationFactory<Program> Production(string? signingKey, string? keyHash) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Storage:Sqlite:Path", _path);
            if (signingKey is not null)
            {
                b.UseSetting("Cursors:SigningKey", signingKey);
            }

            if (keyHash is not null)
            {
                b.UseSetting("Auth:ApiKeys:0:Tenant", "t");
                b.UseSetting("Auth:ApiKeys:0:KeySha256", keyHash);
            }
        });
}
