using Conversations.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conversations.Storage.Tests.Conformance;

/// <summary>One SQLite file per test class, migrated like the server migrates it.</summary>
public sealed class SqliteStoreFixture : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"conversations-store-{Guid.NewGuid():N}.db");

    public SqliteConversationStore Store { get; private set; } = null!;

    public string ConnectionString => $"Data Source={_path}";

    public async Task InitializeAsync()
    {
        Store = new SqliteConversationStore(ConnectionString, NullLogger<SqliteConversationStore>.Instance);
        await Store.InitializeAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        Store.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }
}

public sealed class SqliteStoreConformanceTests(SqliteStoreFixture fixture) : StoreConformanceTests(fixture.Store), IClassFixture<SqliteStoreFixture>
{
    protected override bool FindReadsOnlyNamedFields => true;
}
