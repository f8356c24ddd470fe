using Microsoft.Data.Sqlite;

namespace Conversations.Storage.Sqlite;

/// <summary>
/// The schema, migrated forward with <c>PRAGMA user_version</c>. Each list shape (a user's list or a
/// tenant-wide list, per sort field) has an index that starts with its equality columns and ends
/// with (sort field, id), so a keyset page is one index seek plus <c>limit</c> rows at any depth.
/// </summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE conversations (
            tenant_id     TEXT    NOT NULL,
            user_id       TEXT    NOT NULL,
            id            TEXT    NOT NULL,
            name          TEXT    NOT NULL,
            name_folded   TEXT    NOT NULL,
            introduction  TEXT    NOT NULL,
            summary       TEXT,
            inputs        TEXT,
            metadata      TEXT    NOT NULL,
            status        TEXT    NOT NULL,
            agent_name    TEXT,
            agent_version TEXT,
            collections   TEXT    NOT NULL,
            is_public     INTEGER NOT NULL,
            settings      TEXT,
            owner_id      TEXT,
            created_by    TEXT,
            created_at    INTEGER NOT NULL,
            updated_at    INTEGER NOT NULL,
            ended_at      INTEGER,
            UNIQUE (tenant_id, id)
        );
        CREATE INDEX ix_conversations_user_updated ON conversations (tenant_id, user_id, updated_at, id);
        CREATE INDEX ix_conversations_user_created ON conversations (tenant_id, user_id, created_at, id);
        CREATE INDEX ix_conversations_user_name    ON conversations (tenant_id, user_id, name, id);
        CREATE INDEX ix_conversations_user_id      ON conversations (tenant_id, user_id, id);
        CREATE INDEX ix_conversations_tenant_updated ON conversations (tenant_id, updated_at, id);
        CREATE INDEX ix_conversations_tenant_created ON conversations (tenant_id, created_at, id);
        CREATE INDEX ix_conversations_tenant_name    ON conversations (tenant_id, name, id);

        CREATE TABLE variables (
            tenant_id       TEXT    NOT NULL,
            user_id         TEXT    NOT NULL,
            conversation_id TEXT    NOT NULL,
            id              TEXT    NOT NULL,
            name            TEXT    NOT NULL,
            name_folded     TEXT    NOT NULL,
            value_type      TEXT    NOT NULL,
            value           TEXT    NOT NULL,
            description     TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            UNIQUE (tenant_id, id)
        );
        CREATE INDEX ix_variables_list ON variables (tenant_id, user_id, conversation_id, created_at, id);
        """,
        // Conversation items (version 2). A conversation's items are listed by (created_at, seq), seq
        // being the id's time-ordered digits; Dify's exchanges start at the user messages (role).
        """
        CREATE TABLE items (
            tenant_id       TEXT    NOT NULL,
            user_id         TEXT    NOT NULL,
            conversation_id TEXT    NOT NULL,
            id              TEXT    NOT NULL,
            seq             TEXT    NOT NULL,
            type            TEXT    NOT NULL,
            role            TEXT,
            body            TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            UNIQUE (tenant_id, id)
        );
        CREATE INDEX ix_items_list ON items (tenant_id, user_id, conversation_id, created_at, seq);
        CREATE INDEX ix_items_role ON items (tenant_id, user_id, conversation_id, role, created_at, seq);
        """,
    ];

    /// <summary>The <c>user_version</c> of a file migrated by this build.</summary>
    public static int Version => Migrations.Length;

    public static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using (var wal = connection.CreateCommand())
        {
            // WAL lets readers page while a writer commits; the setting is kept in the file.
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        for (var next = version; next < Migrations.Length; next++)
        {
            await using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = Migrations[next] + $"\nPRAGMA user_version = {next + 1};";
            await migrate.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
