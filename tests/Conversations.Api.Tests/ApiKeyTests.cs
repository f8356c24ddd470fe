using Conversations.Api.Auth;
using Conversations.Api.Tests.Keys;
using Conversations.Keys;
using Conversations.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conversations.Api.Tests;

public sealed class ApiKeyTests(SqliteKeyStoreFixture fixture) : IClassFixture<SqliteKeyStoreFixture>
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
    public async Task A_configured_bearer_key_maps_to_its_tenant_and_nothing_else_does(string header, string? tenant)
    {
        var check = await new ApiKeyAuthenticator(Keys).AuthenticateAsync(Request(header), CancellationToken.None);

        Assert.Equal(tenant, check.Key?.Tenant);
        Assert.Equal(tenant is null ? ApiKeyOutcome.Unknown : ApiKeyOutcome.Known, check.Outcome);
    }

    [Fact]
    public void The_hash_is_the_lowercase_hex_sha256_that_sha256sum_prints()
    {
        // printf %s abc | sha256sum
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeyAuthenticator.HashKey("abc"));
    }

    [Fact]
    public void Issued_keys_have_the_documented_shape_and_never_repeat()
    {
        var keys = Enumerable.Range(0, 1000).Select(_ => ApiKeyFormat.NewKey()).ToList();

        Assert.All(keys, k => Assert.Matches("^conv_[0-9A-Za-z]{38}$", k));
        Assert.All(keys, k => Assert.True(ApiKeyFormat.IsWellFormed(k)));
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_mistyped_key_fails_its_checksum()
    {
        var key = ApiKeyFormat.NewKey();
        for (var i = ApiKeyFormat.Prefix.Length; i < key.Length; i++)
        {
            var typo = string.Concat(key.AsSpan(0, i), key[i] == 'a' ? "b" : "a", key.AsSpan(i + 1));
            Assert.False(ApiKeyFormat.IsWellFormed(typo), typo);
        }

        Assert.False(ApiKeyFormat.IsWellFormed(key.ToUpperInvariant()));
        Assert.False(ApiKeyFormat.IsWellFormed(key.AsSpan(0, key.Length - 1)));
        Assert.False(ApiKeyFormat.IsWellFormed(key.Replace("conv_", "vnoc_", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Registry_keys_are_looked_up_by_hash_and_keys_the_registry_cannot_have_issued_never_reach_it()
    {
        var store = new CountingKeyStore(fixture.NewStore().Store);
        var issued = await new ApiKeyRegistry(store, TimeProvider.System).CreateAsync("gamma", null, CancellationToken.None);
        using var cache = new ApiKeyCache(store, TimeSpan.FromSeconds(60), TimeProvider.System, NullLogger<ApiKeyCache>.Instance);
        var authenticator = new ApiKeyAuthenticator(Keys, cache);

        var registryKey = await authenticator.AuthenticateAsync(Request("Bearer " + issued.Key), CancellationToken.None);
        var configuredKey = await authenticator.AuthenticateAsync(Request("Bearer alpha-key"), CancellationToken.None);
        var findsSoFar = store.Finds;
        var typo = issued.Key[..^1] + (issued.Key[^1] == 'a' ? 'b' : 'a');
        foreach (var wrong in new[] { typo, "conv_" + new string('a', 38), "conv-dev-0123", "alpha-key2" })
        {
            Assert.Equal(ApiKeyCheck.Unknown, await authenticator.AuthenticateAsync(Request("Bearer " + wrong), CancellationToken.None));
        }

        // Keys are named by their id: the registry's, or the configured key's place (Auth__ApiKeys__0 is "config-0").
        Assert.Equal(ApiKeyCheck.Known(new ApiKeyIdentity(issued.Record.Id, "gamma", ApiKeyRestrictions.None)), registryKey);
        Assert.Equal(ApiKeyCheck.Known(new ApiKeyIdentity("config-0", "alpha", ApiKeyRestrictions.None)), configuredKey);
        Assert.Equal(1, findsSoFar);
        Assert.Equal(findsSoFar, store.Finds);
    }

    private static HttpRequest Request(string authorization)
    {
        var request = new DefaultHttpContext().Request;
        request.Headers.Authorization = authorization;
        return request;
    }
}
