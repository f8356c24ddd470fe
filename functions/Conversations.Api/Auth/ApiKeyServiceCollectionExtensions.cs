using Conversations.Api.Composition;
using Conversations.Api.Health;
using Conversations.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Conversations.Api.Auth;

public static class ApiKeyServiceCollectionExtensions
{
    /// <summary>The registry's file name when it sits beside the embedded store's.</summary>
    public const string RegistryFileName = "apikeys.db";

    /// <summary>
    /// Registers authentication: configured keys, the key registry with its cache and the registry's
    /// readiness check (<c>key-registry</c>). Registration itself reads no file and prints nothing.
    /// </summary>
    public static IServiceCollection AddApiKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddApiKeyRegistry(configuration);
        services.TryAddSingleton(sp => new ApiKeyCache(
            sp.GetRequiredService<IApiKeyStore>(),
            TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<AuthOptions>>().Value.KeyCacheSeconds),
            TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<AuthOptions>>().Value.OutageGraceSeconds),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ApiKeyCache>>()));
        services.TryAddSingleton(sp => new ApiKeyAuthenticator(
            sp.GetRequiredService<IOptions<AuthOptions>>().Value.ApiKeys, sp.GetRequiredService<ApiKeyCache>()));
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyClaims.Scheme, null);
        // The base handler logs every refused key at Information: a flood of wrong keys must not become a flood of logs.
        services.Configure<LoggerFilterOptions>(o => o.AddFilter(typeof(ApiKeyAuthenticationHandler).FullName, LogLevel.Warning));
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyPolicies.Write, p => p.AddAuthenticationSchemes(ApiKeyClaims.Scheme).RequireClaim(ApiKeyClaims.Permission, ApiKeyClaims.WritePermission))
            .AddPolicy(ApiKeyPolicies.AllUsers, p => p.AddAuthenticationSchemes(ApiKeyClaims.Scheme).RequireClaim(ApiKeyClaims.Permission, ApiKeyClaims.AllUsersPermission));
        services.AddHealthChecks().AddCheck<KeyRegistryHealthCheck>(KeyRegistryHealthCheck.Name, tags: [HealthProbes.ReadyTag], timeout: HealthProbes.CheckTimeout);
        return services;
    }

    /// <summary>
    /// In Development, the start-up step that issues a key for the local tenant and prints it to the
    /// console. For the self-hosted server only: a Functions worker's console output goes to the
    /// host's logs, where a key must never be.
    /// </summary>
    public static IServiceCollection AddDevelopmentApiKey(this IServiceCollection services, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.IsDevelopment())
        {
            services.AddHostedService(sp => new DevelopmentApiKey(
                sp.GetRequiredService<ApiKeyRegistry>(),
                sp.GetKeyedService<TextWriter>(DevelopmentApiKey.ConsoleServiceKey) ?? Console.Out,
                sp.GetRequiredService<ILogger<DevelopmentApiKey>>()));
        }

        return services;
    }

    /// <summary>
    /// Registers the key registry alone (what the <c>keys</c> command needs), from <c>Auth__KeyStore__…</c>;
    /// the SQLite registry defaults to <see cref="RegistryFileName"/> beside <c>Storage__Sqlite__Path</c>.
    /// </summary>
    public static IServiceCollection AddApiKeyRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // The `keys` commands register the registry without the rest of the API: its tables need the credential too.
        return services.AddAzureCredential(configuration).AddApiKeyRegistry(
            configuration.GetSection($"{AuthOptions.Section}:KeyStore"),
            () => Path.Combine(
                Path.GetDirectoryName(Path.GetFullPath(configuration[$"{StorageOptions.Section}:Sqlite:Path"] ?? StorageOptions.DefaultPath))!,
                RegistryFileName));
    }
}
