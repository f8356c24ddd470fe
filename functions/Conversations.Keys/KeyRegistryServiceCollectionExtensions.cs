using Azure.Core;
using Azure.Data.Tables;
using Conversations.Keys.Sqlite;
using Conversations.Keys.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Conversations.Keys;

public static class KeyRegistryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the key store chosen by <paramref name="section"/> (validated at start) and the
    /// <see cref="ApiKeyRegistry"/> over it. Nothing is opened or created here: the store does its
    /// first I/O on its first call. <paramref name="defaultSqlitePath"/> is asked only when the SQLite
    /// store has no path of its own.
    /// </summary>
    public static IServiceCollection AddApiKeyRegistry(this IServiceCollection services, IConfigurationSection section, Func<string> defaultSqlitePath)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<KeyStoreOptions>()
            .Bind(section)
            .PostConfigure(o =>
            {
                if (o.Provider == KeyStoreProvider.Sqlite && string.IsNullOrEmpty(o.Sqlite.Path))
                {
                    o.Sqlite.Path = defaultSqlitePath();
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyStoreOptions>>(new KeyStoreOptionsValidator(section.Path.Replace(":", "__", StringComparison.Ordinal)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IApiKeyStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<KeyStoreOptions>>().Value;
            return options.Provider == KeyStoreProvider.Tables
                ? new TableApiKeyStore(
                    CreateTableClient(options.Tables, options.Tables.TableName, sp),
                    CreateTableClient(options.Tables, options.Tables.UsageTableName, sp),
                    sp.GetRequiredService<ILogger<TableApiKeyStore>>())
                : new SqliteApiKeyStore(Path.GetFullPath(options.Sqlite.Path!), sp.GetRequiredService<ILogger<SqliteApiKeyStore>>());
        });
        services.TryAddSingleton<ApiKeyRegistry>();
        return services;
    }

    private static TableClient CreateTableClient(KeyStoreOptions.TablesSettings tables, string tableName, IServiceProvider services)
    {
        var options = new TableClientOptions();
        // A lookup sits in a request's path: fail over to the cache (or a 503) quickly rather than wait out long retries.
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(3);
        return string.IsNullOrWhiteSpace(tables.ConnectionString)
            ? new TableClient(
                new Uri(tables.Endpoint!), tableName, services.GetRequiredService<TokenCredential>(), options)
            : new TableClient(tables.ConnectionString, tableName, options);
    }
}
