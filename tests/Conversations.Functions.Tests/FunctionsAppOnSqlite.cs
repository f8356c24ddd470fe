using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Conversations.Testing;
using Microsoft.Data.Sqlite;

namespace Conversations.Functions.Tests;

/// <summary>
/// The real Functions app under the local Functions host, on a SQLite file of its own, configured
/// through app settings as in Azure: one API key (its SHA-256 in hex) and a cursor signing key.
/// </summary>
public sealed class FunctionsAppOnSqlite : IAsyncLifetime
{
    public const string Key = "functions-host-key";
    public const string Tenant = "functions-host";

    private readonly string _database = Path.Combine(Path.GetTempPath(), $"functions-host-{Guid.NewGuid():N}.db");

    public FunctionsHostProcess Host { get; private set; } = null!;

    /// <summary>The app settings of a Functions app on <paramref name="database"/>.</summary>
    public static Dictionary<string, string> Settings(string database) => new()
    {
        ["Storage__Provider"] = "Sqlite",
        ["Storage__Sqlite__Path"] = database,
        ["Auth__ApiKeys__0__Tenant"] = Tenant,
        ["Auth__ApiKeys__0__KeySha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key))),
        ["Cursors__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    public async Task InitializeAsync() => Host = await FunctionsHostProcess.StartAsync(Settings(_database));

    public HttpClient Client()
    {
        var client = Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return client;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        DeleteDatabase(_database);
    }

    public static void DeleteDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
