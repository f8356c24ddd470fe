using System.Net;
using System.Security.Cryptography;
using Conversations.Testing;

namespace Conversations.Storage.Tests.Sqlite;

/// <summary>
/// The self-hosted server (Conversations.Server.dll, built beside these tests) as a child process on
/// one SQLite file, with a static API key of its own. <see cref="CrashAsync"/> kills it the way kill -9 does.
/// </summary>
public sealed class ServerUnderTest : IAsyncDisposable
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(60);

    private readonly ServerProcess _process;

    private ServerUnderTest(ServerProcess process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    /// <summary>A client for the server's address, sending its API key.</summary>
    public HttpClient Client { get; }

    public static async Task<ServerUnderTest> StartAsync(string databasePath, string apiKey, string signingKey)
    {
        var process = await ServerProcess.StartAsync(
            Path.Combine(AppContext.BaseDirectory, "Conversations.Server.dll"),
            AppContext.BaseDirectory,
            new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
                ["Storage__Provider"] = "Sqlite",
                ["Storage__Sqlite__Path"] = databasePath,
                ["Auth__ApiKeys__0__Tenant"] = "crash-test",
                ["Auth__ApiKeys__0__KeySha256"] = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(apiKey))),
                ["Cursors__SigningKey"] = signingKey,
                ["Logging__LogLevel__Default"] = "Warning",
            },
            StartupLimit);
        var client = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);

        // It listens once it has started; the first list also proves the key and the store answer.
        using var probe = await client.GetAsync(new Uri("/v1/conversations?user=probe&limit=1", UriKind.Relative));
        if (probe.StatusCode != HttpStatusCode.OK)
        {
            await process.DisposeAsync();
            client.Dispose();
            throw new InvalidOperationException($"The server answered {(int)probe.StatusCode} to its first list: {string.Join('\n', process.Output)}");
        }

        return new ServerUnderTest(process, client);
    }

    public static string NewSigningKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Ends the process at once, as SIGKILL does (what Process.Kill sends on Linux): no shutdown code runs.</summary>
    public Task CrashAsync() => _process.KillAsync();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Client.Dispose();
    }
}
