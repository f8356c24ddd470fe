using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Conversations.Api.Composition;

/// <summary>
/// The one Microsoft Entra credential every Azure client of the app signs in with: the Cosmos DB
/// client, the key registry's tables, the cursor key's vault and the Azure Monitor exporter. One
/// instance means one token cache: each audience's token is fetched from the managed identity
/// endpoint once per instance and refreshed in one place, instead of once per client, and the identity
/// is configured in one place.
/// </summary>
/// <remarks>
/// Described in the <c>Azure</c> section the way <c>Microsoft.Extensions.Azure</c> reads credentials
/// from configuration: in Azure, <c>Azure__credential=managedidentity</c> with <c>Azure__clientId</c>
/// naming the app's user-assigned identity (what <c>infra/</c> sets); left empty, a
/// <see cref="DefaultAzureCredential"/>, which on a developer's machine signs in as whoever is signed
/// in to the Azure CLI, azd or Visual Studio.
/// </remarks>
public static class AzureCredentialServiceCollectionExtensions
{
    public const string Section = "Azure";

    public static IServiceCollection AddAzureCredential(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddAzureClientsCore();
        services.TryAddSingleton(sp =>
        {
            var section = configuration.GetSection(Section);
            return section.GetChildren().Any()
                ? sp.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(section)
                : new DefaultAzureCredential();
        });
        return services;
    }
}
