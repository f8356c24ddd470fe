namespace Conversations.Api.Composition;

public enum StorageProvider
{
    Sqlite,
    Cosmos,
}

/// <summary>Which store serves the API (<c>Storage__Provider</c>) and where the embedded one keeps its file.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    public SqliteSettings Sqlite { get; set; } = new();

    public sealed class SqliteSettings
    {
        /// <summary>The database file; created on first run. Default: under the user's local application data.</summary>
        public string Path { get; set; } = DefaultPath;
    }

    public static string DefaultDataFolder { get; } = System.IO.Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "conversations-api");

    public static string DefaultPath { get; } = System.IO.Path.Combine(DefaultDataFolder, "conversations.db");
}
