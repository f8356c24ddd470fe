using System.Diagnostics;
using Conversations.Storage.Cosmos;
using Microsoft.Azure.Cosmos;
using Xunit;

namespace Conversations.Testing;

/// <summary>
/// A Cosmos DB protocol server (@vercel/cosmosdb-server, pinned in tests/cosmos-server) on a free
/// loopback port, for one test class or collection. It is in memory, speaks plain HTTP, and is
/// started with --exit-on-stdin-close, so it ends with this process however this process ends. If it
/// cannot start, tests fail: they are never skipped.
/// </summary>
public sealed class CosmosTestServer : IAsyncLifetime
{
    /// <summary>The emulator's well-known key; this server accepts any key.</summary>
    public const string Key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private Process? _process;

    public Uri Endpoint { get; private set; } = null!;

    public int Port => Endpoint.Port;

    /// <summary>The store settings a host needs to run on this server (section <c>Storage:Cosmos</c>).</summary>
    public IReadOnlyDictionary<string, string?> StoreSettings(string database) => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Cosmos",
        ["Storage:Cosmos:Endpoint"] = Endpoint.ToString(),
        ["Storage:Cosmos:Key"] = Key,
        ["Storage:Cosmos:Database"] = database,
        ["Storage:Cosmos:CreateIfMissing"] = "true",
        ["Storage:Cosmos:GatewayOnly"] = "true",
        // Hosts under test start warm: the query planner's first load takes seconds on a loaded machine.
        ["Storage:Cosmos:WarmUpSeconds"] = "60",
    };

    public async Task InitializeAsync()
    {
        // The server cannot answer the gateway's query-plan call; the SDK plans queries itself with this set.
        Environment.SetEnvironmentVariable("AZURE_COSMOS_USE_QUERY_PLAN_INTEROP_LINUX", "true");
        var folder = ServerFolder();
        // Port 0: the server takes a free port and says which, so no other process can take it in between.
        var start = new ProcessStartInfo("node", ["start.js", "0", "--exit-on-stdin-close"])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var ready = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (ready is null || !ready.StartsWith("listening", StringComparison.Ordinal))
        {
            var error = await _process.StandardError.ReadToEndAsync();
            throw new InvalidOperationException($"The Cosmos test server did not start (is `npm ci` done in {folder}?): {error}");
        }

        var port = int.Parse(ready["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>A client like the store's, pointed at this server (or at <paramref name="endpoint"/>, a proxy in front of it).</summary>
    public CosmosClient CreateClient(Action<CosmosClientOptions>? configure = null, Uri? endpoint = null)
    {
        var options = new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            LimitToEndpoint = true,
            UseSystemTextJsonSerializerWithOptions = CosmosJson.Options,
        };
        configure?.Invoke(options);
        return new CosmosClient((endpoint ?? Endpoint).ToString(), Key, options);
    }

    /// <summary>Creates a database with the store's containers and returns them.</summary>
    public static Task<(Container Conversations, Container Variables)> CreateContainersAsync(CosmosClient client, string database) =>
        CosmosLayout.CreateIfMissingAsync(client, database, CosmosLayout.DefaultConversationsContainer, CosmosLayout.DefaultVariablesContainer, CancellationToken.None);

    public Task DisposeAsync() => LocalServers.EndAsync(_process);

    /// <summary>The folder holding start.js, found above the test output folder.</summary>
    public static string ServerFolder() => LocalServers.Folder("cosmos-server", "start.js");
}
