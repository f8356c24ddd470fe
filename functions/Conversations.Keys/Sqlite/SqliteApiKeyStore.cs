using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Conversations.Keys.Sqlite;

/// <summary>
/// Keys in their own SQLite file (beside the embedded store's), so the self-hosted server needs
/// nothing else. The table's primary key is the key's SHA-256, so a lookup is one primary-key seek.
/// The file and its table are created by the first call, not at start-up: registering the store does
/// no I/O, and a server that only uses configured keys never creates the file.
/// </summary>
public sealed class SqliteApiKeyStore(string path, ILogger<SqliteApiKeyStore> logger) : IApiKeyStore
{
    private const string Columns = "id, tenant, name, key_sha256, created_at, revoked_at, read_only, require_user, expires_at";

    /// <summary>Columns added after the first release: an older file gains them (NULL = full access, no expiry).</summary>
    private static readonly (string Name, string Type)[] AddedColumns = [("read_only", "INTEGER"), ("require_user", "INTEGER"), ("expires_at", "INTEGER")];

    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
    private volatile bool _created;

    public Task<ApiKeyRecord?> FindAsync(string keySha256, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        var keys = await QueryAsync(connection, $"SELECT {Columns} FROM api_keys WHERE key_sha256 = @hash", c => c.Parameters.AddWithValue("@hash", keySha256), cancellationToken);
        return keys.SingleOrDefault();
    }, cancellationToken);

    public Task AddAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO api_keys ({Columns}) VALUES (@id, @tenant, @name, @hash, @created, @revoked, @readOnly, @requireUser, @expires)";
            command.Parameters.AddWithValue("@id", key.Id);
            command.Parameters.AddWithValue("@tenant", key.Tenant);
            command.Parameters.AddWithValue("@name", key.Name);
            command.Parameters.AddWithValue("@hash", key.KeySha256);
            command.Parameters.AddWithValue("@created", key.CreatedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("@revoked", (object?)key.RevokedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            command.Parameters.AddWithValue("@readOnly", key.Restrictions.HasFlag(ApiKeyRestrictions.ReadOnly) ? 1 : 0);
            command.Parameters.AddWithValue("@requireUser", key.Restrictions.HasFlag(ApiKeyRestrictions.RequireUser) ? 1 : 0);
            command.Parameters.AddWithValue("@expires", (object?)key.ExpiresAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string? tenant, CancellationToken cancellationToken) => RunAsync(connection =>
    {
        const string listed = $"SELECT {Columns}, (SELECT last_used_at FROM api_key_use u WHERE u.id = api_keys.id) FROM api_keys";
        return tenant is null
            ? QueryAsync(connection, listed, _ => { }, cancellationToken)
            : QueryAsync(connection, $"{listed} WHERE tenant = @tenant", c => c.Parameters.AddWithValue("@tenant", tenant), cancellationToken);
    }, cancellationToken);

    public Task RecordUseAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO api_key_use (id, last_used_at) VALUES (@id, @at)
            ON CONFLICT (id) DO UPDATE SET last_used_at = max(last_used_at, excluded.last_used_at)
            """;
        command.Parameters.AddWithValue("@id", id);
        command.Parameters.AddWithValue("@at", at.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }, cancellationToken);

    public Task<ApiKeyRecord?> RevokeAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        await using (var revoke = connection.CreateCommand())
        {
            revoke.CommandText = "UPDATE api_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL";
            revoke.Parameters.AddWithValue("@at", at.ToUnixTimeMilliseconds());
            revoke.Parameters.AddWithValue("@id", id);
            await revoke.ExecuteNonQueryAsync(cancellationToken);
        }

        var keys = await QueryAsync(connection, $"SELECT {Columns} FROM api_keys WHERE id = @id", c => c.Parameters.AddWithValue("@id", id), cancellationToken);
        return keys.SingleOrDefault();
    }, cancellationToken);

    public Task ProbeAsync(CancellationToken cancellationToken) =>
        RunAsync(connection => QueryAsync(connection, $"SELECT {Columns} FROM api_keys WHERE key_sha256 = 'health-probe'", _ => { }, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<ApiKeyRecord>> QueryAsync(
        SqliteConnection connection, string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKeyRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (Read(reader) is { } key)
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private ApiKeyRecord? Read(SqliteDataReader row)
    {
        var id = row.IsDBNull(0) ? null : row.GetString(0);
        var created = Time(row, 4);
        var problem = ApiKeyRows.Problem(id, row.IsDBNull(1) ? null : row.GetString(1), row.IsDBNull(3) ? null : row.GetString(3), created)
            ?? (!row.IsDBNull(5) && Time(row, 5) is null ? "revoked_at is not a time" : null)
            ?? (!row.IsDBNull(8) && Time(row, 8) is null ? "expires_at is not a time" : null)
            ?? (Flag(row, 6) is null || Flag(row, 7) is null ? "read_only or require_user is not 0 or 1" : null);
        if (problem is not null)
        {
            KeysLog.MalformedRow(logger, "SQLite", id ?? "(none)", problem);
            return null;
        }

        return new ApiKeyRecord(id!, row.GetString(1), row.IsDBNull(2) ? "" : row.GetString(2), row.GetString(3), created!.Value, Time(row, 5))
        {
            Restrictions = ApiKeyRows.Restrictions(Flag(row, 6)!.Value, Flag(row, 7)!.Value),
            ExpiresAt = Time(row, 8),
            LastUsedAt = row.FieldCount > 9 ? Time(row, 9) : null,
        };
    }

    /// <summary>A 0/1 column: NULL (a row from before the column existed) is false; anything but 0 or 1 is null.</summary>
    private static bool? Flag(SqliteDataReader row, int column) =>
        row.IsDBNull(column) ? false
        : row.GetFieldType(column) == typeof(long) && row.GetInt64(column) is var value && value is 0 or 1 ? value == 1
        : null;

    /// <summary>Unix milliseconds; null when the column holds anything else (SQLite columns take any type).</summary>
    private static DateTimeOffset? Time(SqliteDataReader row, int column) =>
        !row.IsDBNull(column) && row.GetFieldType(column) == typeof(long) ? DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(column)) : null;

    private async Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            if (!_created)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            }

            await connection.OpenAsync(cancellationToken);
            if (!_created)
            {
                await CreateTableAsync(connection, cancellationToken);
                _created = true;
            }

            return await work(connection);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            // Busy, locked, unreadable or on a missing disk: a registry failure (503), never a 500.
            throw new KeyRegistryUnavailableException("The SQLite key registry did not answer.", e, TimeSpan.FromSeconds(1));
        }
    }

    private static async Task CreateTableAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS api_keys (
                key_sha256 TEXT    NOT NULL PRIMARY KEY,
                id         TEXT    NOT NULL UNIQUE,
                tenant     TEXT    NOT NULL,
                name       TEXT    NOT NULL,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER
            );
            CREATE INDEX IF NOT EXISTS ix_api_keys_tenant ON api_keys (tenant);
            CREATE TABLE IF NOT EXISTS api_key_use (
                id           TEXT    NOT NULL PRIMARY KEY,
                last_used_at INTEGER NOT NULL
            );
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);

        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (var columns = connection.CreateCommand())
        {
            columns.CommandText = "SELECT name FROM pragma_table_info('api_keys')";
            await using var reader = await columns.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                present.Add(reader.GetString(0));
            }
        }

        foreach (var (name, type) in AddedColumns.Where(c => !present.Contains(c.Name)))
        {
            await using var add = connection.CreateCommand();
            add.CommandText = $"ALTER TABLE api_keys ADD COLUMN {name} {type}";
            await add.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
