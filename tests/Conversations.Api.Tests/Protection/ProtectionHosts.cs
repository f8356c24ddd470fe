using Conversations.Api.Auth;
using Conversations.Api.Tests.Hosting;

namespace Conversations.Api.Tests.Protection;

/// <summary>
/// Limits small enough to reach in a test: 5 requests per key, 8 per tenant, 10 failed authentications
/// per address. Buckets refill one token in 1000 s per key (two per tenant), so nothing refills on its
/// own during a test; tests on the server move a fake clock instead. Every tenant has a second key,
/// <c>second-key-N</c>, that shares its tenant's bucket.
/// </summary>
internal static class TightLimits
{
    public const int KeyBurst = 5;
    public const int TenantBurst = 8;
    public const int FailedAuthPerMinute = 10;

    /// <summary>Seconds for one token to come back to a key's bucket.</summary>
    public const int KeyRefillSeconds = 1000;

    public static IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        yield return new("RateLimits:PerKey:Burst", KeyBurst.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new("RateLimits:PerKey:RequestsPerSecond", "0.001");
        yield return new("RateLimits:PerTenant:Burst", TenantBurst.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new("RateLimits:PerTenant:RequestsPerSecond", "0.002");
        yield return new("RateLimits:FailedAuthPerMinute", FailedAuthPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (var i = 0; i < ApiHost.TenantCount; i++)
        {
            yield return new($"Auth:ApiKeys:{ApiHost.TenantCount + i}:Tenant", $"tenant-{i}");
            yield return new($"Auth:ApiKeys:{ApiHost.TenantCount + i}:KeySha256", ApiKeyAuthenticator.HashKey(SecondKey(i)));
        }
    }

    public static string SecondKey(int tenant) => $"second-key-{tenant}";

    public static string SecondKey(TestTenant tenant) => SecondKey(int.Parse(tenant.Id["tenant-".Length..], System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>The server on SQLite with <see cref="TightLimits"/>.</summary>
public sealed class RateLimitedSqliteApiHost : ServerHost<SqliteBackend>
{
    protected override IEnumerable<KeyValuePair<string, string?>> HostSettings => TightLimits.Settings();
}

/// <summary>The Functions app on SQLite with <see cref="TightLimits"/>.</summary>
public sealed class RateLimitedFunctionsApiHost : FunctionsHost<SqliteBackend>
{
    protected override IEnumerable<KeyValuePair<string, string?>> HostSettings => TightLimits.Settings();
}
