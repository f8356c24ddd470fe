using Conversations.Storage.Cosmos;
using Conversations.Testing;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conversations.Storage.Tests.Cosmos;

/// <summary>The Cosmos test server with the store's containers, and a store on them, for one test class or the shared collection.</summary>
public sealed class CosmosStoreFixture : IAsyncLifetime
{
    private const string Database = "conformance";

    private readonly CosmosTestServer _server = new();

    public CosmosClient Client { get; private set; } = null!;

    public Container Conversations { get; private set; } = null!;

    public CosmosConversationStore Store { get; private set; } = null!;

    public CosmosTestServer Server => _server;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        Client = _server.CreateClient();
        var (conversations, variables) = await CosmosTestServer.CreateContainersAsync(Client, Database);
        Conversations = conversations;
        Store = new CosmosConversationStore(conversations, variables, NullLogger<CosmosConversationStore>.Instance);
    }

    /// <summary>A second store on the same containers (or a database of its own), whose client records every request it sends.</summary>
    public async Task<CountedStore> CountedStoreAsync(string database = Database, bool createIfMissing = false)
    {
        var requests = new RequestCounter();
        var client = _server.CreateClient(o => o.HttpClientFactory = () => new HttpClient(requests, disposeHandler: false));
        var (conversations, variables) = await CosmosTestServer.CreateContainersAsync(client, database);
        return new CountedStore(new CosmosConversationStore(conversations, variables, NullLogger<CosmosConversationStore>.Instance, createIfMissing), requests, client);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        await _server.DisposeAsync();
    }
}

/// <summary>A store whose requests are recorded, and the client it owns.</summary>
public sealed record CountedStore(CosmosConversationStore Store, RequestCounter Requests, CosmosClient Client) : IDisposable
{
    public void Dispose()
    {
        Client.Dispose();
        Requests.Dispose();
    }
}

/// <summary>
/// The Cosmos-specific test classes share one test server: starting a server per class costs more
/// than their tests do, and each test works in a tenant or a database of its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedCosmosServer : ICollectionFixture<CosmosStoreFixture>
{
    public const string Name = "Shared Cosmos test server";
}
