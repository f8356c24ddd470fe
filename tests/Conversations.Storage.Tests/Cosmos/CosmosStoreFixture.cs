using Conversations.Storage.Cosmos;
using Conversations.Testing;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conversations.Storage.Tests.Cosmos;

/// <summary>The Cosmos test server with the store's containers, and a store on them, for one test class.</summary>
public sealed class CosmosStoreFixture : IAsyncLifetime
{
    private readonly CosmosTestServer _server = new();

    public CosmosClient Client { get; private set; } = null!;

    public Container Conversations { get; private set; } = null!;

    public CosmosConversationStore Store { get; private set; } = null!;

    public CosmosTestServer Server => _server;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        Client = _server.CreateClient();
        var (conversations, variables) = await CosmosTestServer.CreateContainersAsync(Client, "conformance");
        Conversations = conversations;
        Store = new CosmosConversationStore(conversations, variables, NullLogger<CosmosConversationStore>.Instance);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        await _server.DisposeAsync();
    }
}
