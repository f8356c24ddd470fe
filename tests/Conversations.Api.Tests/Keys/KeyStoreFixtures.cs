using System.Text;
using Azure.Data.Tables;
using Conversations.Keys;
using Conversations.Keys.Sqlite;
using Conversations.Keys.Tables;
using Conversations.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Testing;

namespace Conversations.Api.Tests.Keys;

/// <summary>A store of its own for one test, with what the test needs to look behind it.</summary>
public abstract class KeyStoreUnderTest
{
    public FakeLogCollector Logs { get; } = new();

    public abstract IApiKeyStore Store { get; }

    /// <summary>Writes a row, as a person editing the store could, that is not a valid key: it has no tenant.</summary>
    public abstract Task InsertRowWithoutTenantAsync(string id, string keySha256);

    /// <summary>Everything the store holds, as text, to search for what must never be there.</summary>
    public abstract Task<string> RawContentAsync();
}

/// <summary>Hands each test a fresh store; one fixture per test class.</summary>
public abstract class KeyStoreFixture : IAsyncLifetime
{
    public abstract KeyStoreUnderTest NewStore();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;
}

public sealed class SqliteKeyStoreFixture : KeyStoreFixture
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"conversations-keys-{Guid.NewGuid():N}");

    public override KeyStoreUnderTest NewStore() => new SqliteUnderTest(Path.Combine(_folder, Guid.NewGuid().ToString("N"), "apikeys.db"));

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    private sealed class SqliteUnderTest : KeyStoreUnderTest
    {
        private readonly string _path;

        public SqliteUnderTest(string path)
        {
            _path = path;
            Store = new SqliteApiKeyStore(path, new FakeLogger<SqliteApiKeyStore>(Logs));
        }

        public override IApiKeyStore Store { get; }

        public override async Task InsertRowWithoutTenantAsync(string id, string keySha256)
        {
            await Store.ProbeAsync(CancellationToken.None);
            await using var connection = new SqliteConnection($"Data Source={_path}");
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO api_keys (id, tenant, name, key_sha256, created_at) VALUES (@id, '', 'hand-made', @hash, 0)";
            insert.Parameters.AddWithValue("@id", id);
            insert.Parameters.AddWithValue("@hash", keySha256);
            await insert.ExecuteNonQueryAsync();
        }

        public override async Task<string> RawContentAsync()
        {
            // The database file and its write-ahead log, byte for byte.
            SqliteConnection.ClearAllPools();
            var text = new StringBuilder();
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_path)!))
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream, Encoding.Latin1);
                text.Append(await reader.ReadToEndAsync());
            }

            return text.ToString();
        }
    }
}

public sealed class TableKeyStoreFixture : KeyStoreFixture
{
    public AzuriteTableServer Azurite { get; } = new();

    public override KeyStoreUnderTest NewStore() => new TableUnderTest(
        new TableClient(Azurite.ConnectionString, AzuriteTableServer.NewTableName()), new TableClient(Azurite.ConnectionString, AzuriteTableServer.NewTableName()));

    public override Task InitializeAsync() => Azurite.InitializeAsync();

    public override Task DisposeAsync() => Azurite.DisposeAsync();

    public sealed class TableUnderTest : KeyStoreUnderTest
    {
        public TableUnderTest(TableClient table, TableClient usage)
        {
            Table = table;
            Store = new TableApiKeyStore(table, usage, new FakeLogger<TableApiKeyStore>(Logs));
        }

        public TableClient Table { get; }

        public override IApiKeyStore Store { get; }

        public override async Task InsertRowWithoutTenantAsync(string id, string keySha256)
        {
            await Table.CreateIfNotExistsAsync();
            await Table.AddEntityAsync(new TableEntity(keySha256, TableApiKeyStore.RowKey) { ["Id"] = id, ["CreatedAt"] = DateTimeOffset.UnixEpoch });
        }

        public override async Task<string> RawContentAsync()
        {
            var text = new StringBuilder();
            await foreach (var entity in Table.QueryAsync<TableEntity>())
            {
                foreach (var (name, value) in entity)
                {
                    text.Append(name).Append('=').Append(value).Append('\n');
                }
            }

            return text.ToString();
        }
    }
}
