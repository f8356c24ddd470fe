using System.Security.Cryptography;
using Conversations.Api.Auth;

namespace Conversations.Bench;

/// <summary>
/// How the benchmark configures the server (and the Functions app) over a seeded SQLite file: in
/// Production, one static API key of the seeded tenant, a fresh cursor signing key, and warnings-only
/// logging, as an operator would run it. Rate limits are on, but at the highest rates the options
/// allow: the defaults (1,000 requests/s per key) would refuse most of what wrk sends from one key, and
/// a refused request costs less than a served one, so every figure would be wrong.
/// </summary>
internal sealed record ServerSettings(string Key, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The tenant the seeded conversations belong to.</summary>
    public const string Tenant = "bench";

    /// <summary>The user the seeded conversations belong to.</summary>
    public const string User = "u";

    public static ServerSettings For(string database)
    {
        var key = "bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return new(key, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // The local Functions host runs its worker as Development unless told otherwise.
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production",
            ["Storage__Provider"] = "Sqlite",
            ["Storage__Sqlite__Path"] = database,
            ["Auth__ApiKeys__0__Tenant"] = Tenant,
            ["Auth__ApiKeys__0__KeySha256"] = ApiKeyAuthenticator.HashKey(key),
            ["Cursors__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Logging__LogLevel__Default"] = "Warning",
            ["RateLimits__PerKey__RequestsPerSecond"] = "1000000",
            ["RateLimits__PerKey__Burst"] = "10000000",
            ["RateLimits__PerTenant__RequestsPerSecond"] = "1000000",
            ["RateLimits__PerTenant__Burst"] = "10000000",
        });
    }

    /// <summary>The Functions baseline app's environment: Production, warnings-only logging, the body it answers.</summary>
    public static IReadOnlyDictionary<string, string> FunctionsBaseline(string body) => new Dictionary<string, string>
    {
        ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production",
        ["Logging__LogLevel__Default"] = "Warning",
        ["BASELINE_BODY"] = body,
    };

    /// <summary>
    /// The same server with its content root in <paramref name="contentRoot"/> and no rate limits in
    /// its environment (which would override the file), so they come from the appsettings.json there.
    /// </summary>
    public ServerSettings WithRateLimitsFrom(string contentRoot)
    {
        var environment = Environment.Where(e => !e.Key.StartsWith("RateLimits__", StringComparison.Ordinal)).ToDictionary();
        environment["ASPNETCORE_CONTENTROOT"] = contentRoot;
        return this with { Environment = environment };
    }
}
