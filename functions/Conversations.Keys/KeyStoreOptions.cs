namespace Conversations.Keys;

public enum KeyStoreProvider
{
    /// <summary>A SQLite file beside the embedded store's: the self-hosted default, nothing else to run.</summary>
    Sqlite,

    /// <summary>An Azure table: the production choice, shared by every instance of the app.</summary>
    Tables,
}

/// <summary>Where the registry keeps keys (<c>Auth__KeyStore__…</c>).</summary>
public sealed class KeyStoreOptions
{
    public const string DefaultTableName = "apikeys";

    public const string DefaultUsageTableName = "apikeyuse";

    public KeyStoreProvider Provider { get; set; } = KeyStoreProvider.Sqlite;

    public SqliteSettings Sqlite { get; set; } = new();

    public TablesSettings Tables { get; set; } = new();

    public sealed class SqliteSettings
    {
        /// <summary>The registry's file; when unset, a file beside the embedded store's.</summary>
        public string? Path { get; set; }
    }

    public sealed class TablesSettings
    {
        /// <summary>The account's table endpoint (<c>https://&lt;account&gt;.table.core.windows.net</c>), reached with the app's one Microsoft Entra credential (a <c>TokenCredential</c> service).</summary>
        public string? Endpoint { get; set; }

        /// <summary>A storage connection string instead of <see cref="Endpoint"/>: for Azurite (<c>UseDevelopmentStorage=true</c>).</summary>
        public string? ConnectionString { get; set; }

        /// <summary>The table; created by the first key issued if missing.</summary>
        public string TableName { get; set; } = DefaultTableName;

        /// <summary>
        /// Where the app records when keys were last used: a table of its own, so the app's identity can
        /// be allowed to write there and only read <see cref="TableName"/>. Created by the first write if missing.
        /// </summary>
        public string UsageTableName { get; set; } = DefaultUsageTableName;
    }
}
