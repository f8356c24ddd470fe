using System.Security.Cryptography;
using Conversations.Api.Auth;

namespace Conversations.Bench;

/// <summary>
/// How the benchmark configures the server (and the Functions app) over a seeded SQLite file: in
/// Production, one static API key of the seeded tenant, a fresh cursor signing key, and warnings-only
/// logging, as an operator would run it.
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
        });
    }
}
