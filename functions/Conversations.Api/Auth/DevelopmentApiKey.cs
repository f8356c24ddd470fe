using System.Security.Cryptography;
using System.Text.Json;

namespace Conversations.Api.Auth;

/// <summary>
/// Lets a newcomer call the API at once: in Development with no keys configured, the server makes one
/// key for a local tenant on first run, prints it once, and keeps only its hash (beside the SQLite
/// file) so the same key keeps working across restarts.
/// </summary>
public static class DevelopmentApiKey
{
    public const string Tenant = "local";

    public static ApiKeyEntry LoadOrCreate(string folder, TextWriter console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var path = Path.Combine(folder, "development-api-key.json");
        if (File.Exists(path))
        {
            var saved = JsonSerializer.Deserialize<Saved>(File.ReadAllText(path));
            if (saved is { Tenant.Length: > 0, KeySha256.Length: 64 })
            {
                return new ApiKeyEntry { Tenant = saved.Tenant, KeySha256 = saved.KeySha256 };
            }
        }

        Directory.CreateDirectory(folder);
        var key = "conv-dev-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var entry = new ApiKeyEntry { Tenant = Tenant, KeySha256 = ApiKeyAuthenticator.HashKey(key) };
        File.WriteAllText(path, JsonSerializer.Serialize(new Saved(entry.Tenant, entry.KeySha256)));

        // Written to the console, not the logger: it is shown once to the person who started the
        // server and must never reach a log sink.
        console.WriteLine($"""

            Development API key for tenant '{Tenant}' (shown once; only its hash is kept in {path}):

                {key}

            """);
        return entry;
    }

    private sealed record Saved(string Tenant, string KeySha256);
}
