using Azure.Core;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Conversations.Storage.Cosmos;

public static class CosmosServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Cosmos DB store: one <see cref="CosmosClient"/> per process (it owns connections
    /// and caches), the store, and, with <c>CreateIfMissing</c>, the database and containers at start.
    /// <paramref name="configureClient"/> lets tests point the client at a local server.
    /// </summary>
    public static IServiceCollection AddCosmosConversationStore(
        this IServiceCollection services, IConfiguration section, Action<CosmosClientOptions>? configureClient = null)
    {
        services.AddOptions<CosmosStoreOptions>()
            .Bind(section)
            .Validate(o => Uri.TryCreate(o.Endpoint, UriKind.Absolute, out _), "Storage__Cosmos__Endpoint must be the account's absolute URL.")
            .Validate(o => o.Database.Length > 0 && o.ConversationsContainer.Length > 0 && o.VariablesContainer.Length > 0 && o.ItemsContainer.Length > 0, "Cosmos database and container names must not be empty.")
            .Validate(o => o.RequestTimeoutSeconds > 0 && o.RateLimitRetrySeconds >= 0 && o.WarmUpSeconds >= 0, "Cosmos timeouts must be positive.")
            .ValidateOnStart();

        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CosmosStoreOptions>>().Value;
            // How long a call can take when Cosmos DB stops answering: the caller's CancellationToken
            // ends it (the API cancels at its 10 s request deadline); these bound what the SDK does on
            // its own, small enough that a slow attempt or a throttled one still leaves room for the
            // SDK's retry inside that deadline (4 s + 4 s of 10 s by default).
            var clientOptions = new CosmosClientOptions
            {
                ApplicationName = "conversations-api",
                UseSystemTextJsonSerializerWithOptions = CosmosJson.Options,
                // Throttling (429) is retried by the SDK itself, waiting at most this long in all;
                // only what outlasts it becomes a 503 with the service's Retry-After.
                MaxRetryAttemptsOnRateLimitedRequests = 9,
                MaxRetryWaitTimeOnRateLimitedRequests = TimeSpan.FromSeconds(options.RateLimitRetrySeconds),
                // Direct mode (the default): how long one request waits for a replica's answer before
                // the SDK retries it or fails. Gateway mode ignores it below 65 s: the SDK gives each
                // HTTP attempt 65 s there and sends a read up to three times, so there the token is
                // the only bound on a frozen service.
                RequestTimeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
                // Each operation as an activity of the source "Azure.Cosmos.Operation", which the app's
                // telemetry exports with its own traces (off by default in the SDK).
                CosmosClientTelemetryOptions = new CosmosClientTelemetryOptions { DisableDistributedTracing = false },
            };
            if (options.GatewayOnly)
            {
                clientOptions.ConnectionMode = ConnectionMode.Gateway;
                clientOptions.LimitToEndpoint = true;
            }
            else
            {
                // Direct mode: how long opening a TCP connection to a replica may take.
                clientOptions.OpenTcpConnectionTimeout = TimeSpan.FromSeconds(5);
            }

            configureClient?.Invoke(clientOptions);
            return string.IsNullOrEmpty(options.Key)
                ? new CosmosClient(options.Endpoint, sp.GetRequiredService<TokenCredential>(), clientOptions)
                : new CosmosClient(options.Endpoint, options.Key, clientOptions);
        });

        services.TryAddSingleton<IConversationStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CosmosStoreOptions>>().Value;
            var client = sp.GetRequiredService<CosmosClient>();
            return new CosmosConversationStore(
                client.GetContainer(options.Database, options.ConversationsContainer),
                client.GetContainer(options.Database, options.VariablesContainer),
                sp.GetRequiredService<ILogger<CosmosConversationStore>>(),
                options.CreateIfMissing,
                client.GetContainer(options.Database, options.ItemsContainer));
        });
        // First of the host's services, in this order (the layout exists before the warm-up reads it):
        // the Functions worker connects to its host, and so takes requests, in a hosted service of its
        // own registered before ours, and the first requests must not pay what the warm-up pays.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, CosmosWarmUp>());
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, CosmosContainerInitializer>());
        return services;
    }

    /// <summary>Creates the database and containers with the store's layout when asked to (local use only).</summary>
    private sealed class CosmosContainerInitializer(CosmosClient client, IOptions<CosmosStoreOptions> options) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var o = options.Value;
            if (!o.CreateIfMissing)
            {
                return;
            }

            await CosmosLayout.CreateIfMissingAsync(client, o.Database, o.ConversationsContainer, o.VariablesContainer, cancellationToken, o.ItemsContainer);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
