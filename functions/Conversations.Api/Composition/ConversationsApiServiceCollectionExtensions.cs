using System.Text.Json;
using System.Text.Json.Serialization;
using Conversations.Api.Auth;
using Conversations.Api.Dify;
using Conversations.Api.Health;
using Conversations.Api.Http;
using Conversations.Api.Mielto;
using Conversations.Api.OpenAI;
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
        services.AddHttpLayer();
        services.AddApiKeys(configuration, environment);
        services.AddCursors(configuration, environment);
        services.AddConversationStore(configuration);
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

    private static void AddApiKeys(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        var configured = configuration.GetSection($"{AuthOptions.Section}:ApiKeys").GetChildren().Any();
        if (!configured && environment.IsDevelopment())
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(configuration[$"{StorageOptions.Section}:Sqlite:Path"] ?? StorageOptions.DefaultPath))!;
            var developmentKey = DevelopmentApiKey.LoadOrCreate(folder, Console.Out);
            options.Configure(o => o.ApiKeys.Add(developmentKey));
        }

        options
            .Validate(o => o.ApiKeys.Count > 0, "No API keys are configured: set Auth__ApiKeys__0__Tenant and Auth__ApiKeys__0__KeySha256.")
            .Validate(
                o => o.ApiKeys.All(k => k.Tenant.Length > 0 && k.KeySha256.Length == 64 && k.KeySha256.All(char.IsAsciiHexDigit)),
                "Every API key needs a Tenant and a KeySha256 of 64 hex digits (the SHA-256 of the key, never the key).")
            .ValidateOnStart();
        services.TryAddSingleton(sp => new ApiKeyAuthenticator(sp.GetRequiredService<IOptions<AuthOptions>>().Value.ApiKeys));
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
                var path = Path.GetFullPath(storage.Sqlite.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                services.AddSqliteConversationStore($"Data Source={path}");
                break;
        }
    }
}
