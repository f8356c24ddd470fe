using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conversations.Storage.Sqlite;

public static class SqliteServiceCollectionExtensions
{
    /// <summary>Registers the SQLite store as the <see cref="IConversationStore"/>; its schema is migrated when the host starts.</summary>
    public static IServiceCollection AddSqliteConversationStore(this IServiceCollection services, string connectionString)
    {
        // Now, while the host is being composed: the threading mode must be set before any connection opens.
        SqliteThreadingMode.Apply();
        // Created by the container, so the container disposes it (and its open read sessions).
        services.AddSingleton(sp => new SqliteConversationStore(connectionString, sp.GetRequiredService<ILogger<SqliteConversationStore>>()));
        services.TryAddSingleton<IConversationStore>(sp => sp.GetRequiredService<SqliteConversationStore>());
        services.AddHostedService(sp => new SqliteSchemaInitializer(sp.GetRequiredService<SqliteConversationStore>()));
        return services;
    }

    private sealed class SqliteSchemaInitializer(SqliteConversationStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
