using Conversations.Testing;

namespace Conversations.Api.Tests.Hosting;

/// <summary>The server with Storage__Provider=Cosmos, on a local Cosmos protocol server started for the test class.</summary>
public sealed class CosmosApiHost : ApiHost, IAsyncLifetime
{
    private readonly CosmosTestServer _server = new();

    protected override IReadOnlyDictionary<string, string?> StoreSettings => _server.StoreSettings("api-" + Guid.NewGuid().ToString("N")[..8]);

    public Task InitializeAsync() => _server.InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _server.DisposeAsync();
    }
}
