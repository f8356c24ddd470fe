using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using Conversations.Api.Telemetry;
using Conversations.Paging;
using Conversations.Storage.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Conversations.Api.Composition;

internal static class CursorServiceCollectionExtensions
{
    /// <summary>
    /// The cursor codec and its key: a configured key, the development key in Development, or a Key
    /// Vault secret the app reads itself in the background (<see cref="KeyVaultCursorSigningKey"/>).
    /// </summary>
    public static IServiceCollection AddCursors(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<CursorOptions>()
            .BindConfiguration(CursorOptions.Section)
            .PostConfigure(o =>
            {
                if (o.SigningKey.Length == 0 && o.SigningKeyUri.Length == 0 && environment.IsDevelopment())
                {
                    o.SigningKey = CursorOptions.DevelopmentKey;
                }
            })
            .Validate(o => !(o.HasLiteralKey && o.SigningKeyUri.Length > 0), "Set Cursors__SigningKey or Cursors__SigningKeyUri, not both.")
            .Validate(o => o.SigningKeyUri.Length == 0 || o.SecretUri() is not null, "Cursors__SigningKeyUri must be a Key Vault secret URI: https://<vault>.vault.azure.net/secrets/<name>.")
            .Validate(o => o.SecretUri() is not null || CursorOptions.Decode(o.SigningKey) is not null, "Cursors__SigningKey must be base64 of at least 32 random bytes (or set Cursors__SigningKeyUri to a Key Vault secret that holds it).")
            .Validate(o => o.SecretUri() is not null || environment.IsDevelopment() || o.SigningKey != CursorOptions.DevelopmentKey, "Cursors__SigningKey is the published development key; outside Development set a key of your own (openssl rand -base64 32).")
            .Validate(o => o.DecodedPreviousKeys().All(k => k is not null), "Cursors__PreviousSigningKeys must be comma-separated base64 keys of at least 32 bytes each.")
            .ValidateOnStart();

        // Read here, as the store's provider is: whether a vault is involved decides what to register.
        var configured = configuration.GetSection(CursorOptions.Section).Get<CursorOptions>() ?? new CursorOptions();
        services.TryAddSingleton(sp => new CursorCodec(sp.GetRequiredService<ICursorSigningKeySource>()));
        services.TryAddSingleton<TenantTag>();
        if (configured.SecretUri() is not { } secret)
        {
            services.TryAddSingleton<ICursorSigningKeySource>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<CursorOptions>>().Value;
                return new CursorCodec.FixedKeys(options.DecodedKey()!, [.. options.DecodedPreviousKeys().OfType<byte[]>()]);
            });
            return services;
        }

        var secretId = new KeyVaultSecretIdentifier(secret);
        services.AddAzureCredential(configuration);
        services.TryAddKeyedSingleton(CursorOptions.Section, (sp, _) => new SecretClient(secretId.VaultUri, sp.GetRequiredService<TokenCredential>()));
        services.TryAddSingleton(sp => new KeyVaultCursorSigningKey(
            sp.GetRequiredKeyedService<SecretClient>(CursorOptions.Section),
            secretId,
            environment,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<KeyVaultCursorSigningKey>>()));
        services.AddHostedService(sp => sp.GetRequiredService<KeyVaultCursorSigningKey>());
        services.TryAddSingleton<ICursorSigningKeySource>(sp => sp.GetRequiredService<KeyVaultCursorSigningKey>());
        return services;
    }
}
