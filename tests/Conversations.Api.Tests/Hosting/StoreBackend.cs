using Conversations.Testing;

namespace Conversations.Api.Tests.Hosting;

/// <summary>Where a test host keeps its data, as the settings that select and configure the store.</summary>
public interface IStoreBackend : IAsyncLifetime
{
    IReadOnlyDictionary<string, string?> Settings { get; }
}

/// <summary>A fresh SQLite file, deleted afterwards.</summary>
public sealed class SqliteBackend : IStoreBackend
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"conversations-api-{Guid.NewGuid():N}.db");

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Sqlite",
        ["Storage:Sqlite:Path"] = _path,
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_path)!, Path.GetFileName(_path) + "*"))
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }
}

/// <summary>A database of its own on a Cosmos DB protocol server started for the host.</summary>
public sealed class CosmosBackend : IStoreBackend
{
    private readonly CosmosTestServer _server = new();
    private readonly string _database = "api-" + Guid.NewGuid().ToString("N")[..8];

    public IReadOnlyDictionary<string, string?> Settings => _server.StoreSettings(_database);

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();
}

/// <summary>A Cosmos protocol server behind a TCP proxy that can freeze, as a store that stops answering.</summary>
public sealed class FreezableCosmosBackend : IStoreBackend
{
    private readonly CosmosTestServer _server = new();
    private readonly string _database = "api-" + Guid.NewGuid().ToString("N")[..8];

    public FreezableTcpProxy Proxy { get; private set; } = null!;

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(_server.StoreSettings(_database))
    {
        ["Storage:Cosmos:Endpoint"] = $"http://127.0.0.1:{Proxy.Port}/",
    };

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        Proxy = new FreezableTcpProxy(_server.Port);
    }

    public async Task DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await _server.DisposeAsync();
    }
}
