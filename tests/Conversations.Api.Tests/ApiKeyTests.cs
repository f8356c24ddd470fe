using Conversations.Api.Auth;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.Tests;

public sealed class ApiKeyTests
{
    private static readonly ApiKeyEntry[] Keys =
    [
        new() { Tenant = "alpha", KeySha256 = ApiKeyAuthenticator.HashKey("alpha-key") },
        new() { Tenant = "beta", KeySha256 = ApiKeyAuthenticator.HashKey("beta-key") },
    ];

    [Theory]
    [InlineData("Bearer alpha-key", "alpha")]
    [InlineData("Bearer beta-key", "beta")]
    [InlineData("bearer beta-key", "beta")]
    [InlineData("Bearer  alpha-key ", "alpha")]
    [InlineData("Bearer alpha-key2", null)]
    [InlineData("Bearer ALPHA-KEY", null)]
    [InlineData("alpha-key", null)]
    [InlineData("", null)]
    public void A_bearer_key_maps_to_its_tenant_and_nothing_else_does(string header, string? tenant)
    {
        var request = new DefaultHttpContext().Request;
        request.Headers.Authorization = header;

        Assert.Equal(tenant, new ApiKeyAuthenticator(Keys).Authenticate(request));
    }

    [Fact]
    public void The_hash_is_the_lowercase_hex_sha256_that_sha256sum_prints()
    {
        // printf %s abc | sha256sum
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeyAuthenticator.HashKey("abc"));
    }

    [Fact]
    public void The_development_key_is_printed_once_kept_only_as_a_hash_and_accepted_after_a_restart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "conv-devkey-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var firstConsole = new StringWriter();
            var first = DevelopmentApiKey.LoadOrCreate(folder, firstConsole);
            var printedKey = firstConsole.ToString().Split(Environment.NewLine).Select(l => l.Trim()).Single(l => l.StartsWith("conv-dev-", StringComparison.Ordinal));

            using var secondConsole = new StringWriter();
            var second = DevelopmentApiKey.LoadOrCreate(folder, secondConsole);

            Assert.Equal(DevelopmentApiKey.Tenant, first.Tenant);
            Assert.Equal(ApiKeyAuthenticator.HashKey(printedKey), first.KeySha256);
            Assert.Equal(first.KeySha256, second.KeySha256);
            Assert.Empty(secondConsole.ToString());
            var saved = File.ReadAllText(Directory.GetFiles(folder).Single());
            Assert.DoesNotContain(printedKey, saved, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
