using System.Text.Json;
using System.Text.Json.Serialization;
using Conversations.Api.Auth;
using Conversations.Api.Dify;
using Conversations.Api.Health;
using Conversations.Api.Http;
using Conversations.Api.Mielto;
using Conversations.Api.OpenAI;
using Conversations.Api.RateLimiting;
using Conversations.Paging;
using Conversations.Storage.Cosmos;
using Conversations.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Conversations.Api.Composition;

/// <summary>The one composition both hosts call, so the server and the Functions app run the same services.</summary>
public static class ConversationsApiServiceCollectionExtensions
{
    public static IServiceCollection AddConversationsApi(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        services.TryAddSingleton(TimeProvider.System);
        services.AddAzureCredential(configuration);
        services.AddHttpLayer();
        services.AddApiKeys(configuration);
        services.AddRateLimits();
        services.AddCursors(configuration, environment);
        services.AddConversationStore(configuration);
        services.TryAddSingleton<ReadinessCache>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: [HealthProbes.ReadyTag], timeout: HealthProbes.CheckTimeout);
        return services;
    }

    /// <summary>The request deadline, and JSON written the way the dialects' wire types are declared.</summary>
    private static void AddHttpLayer(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o =>
        {
            // Every dialect names its fields in snake_case; the source-generated contexts know the types.
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            // Numbers are written as numbers; the web default that also reads them from strings would
            // make the API reference type every number as "integer or string".
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, DifyJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(1, OpenAIJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(2, MieltoJsonContext.Default);
        });
    }

    private static void AddConversationStore(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(StorageOptions.Section);
        var storage = section.Get<StorageOptions>() ?? new StorageOptions();
        switch (storage.Provider)
        {
            case StorageProvider.Cosmos:
                services.AddCosmosConversationStore(section.GetSection("Cosmos"));
                break;
            default:
                // The folder and the file are created when the host starts (schema migration), not here.
                services.AddSqliteConversationStore($"Data Source={Path.GetFullPath(storage.Sqlite.Path)}");
                break;
        }
    }
}
