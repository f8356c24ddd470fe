using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using Conversations.Api.Composition;
using Conversations.Keys;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Conversations.Api.Tests;

/// <summary>
/// Every Azure client of the app signs in with one credential, so one token cache serves them all and
/// the identity is named in one place (the <c>Azure</c> section, as Microsoft.Extensions.Azure reads it).
/// </summary>
public sealed class AzureCredentialTests
{
    // Nothing listens on port 1: each client asks for its token, then fails to connect.
    private const string Nowhere = "https://127.0.0.1:1/";

    [Fact]
    public void The_configured_managed_identity_is_the_credential()
    {
        using var provider = Compose(new() { ["Azure:credential"] = "managedidentity", ["Azure:clientId"] = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b" });

        var credential = provider.GetRequiredService<TokenCredential>();

        Assert.IsType<ManagedIdentityCredential>(credential);
        Assert.Same(credential, provider.GetRequiredService<TokenCredential>());
    }

    [Fact]
    public void Without_configuration_it_is_the_default_chain_a_developer_signs_in_with()
    {
        using var provider = Compose([]);

        Assert.IsType<DefaultAzureCredential>(provider.GetRequiredService<TokenCredential>());
    }

    [Fact]
    public async Task The_key_registry_tables_and_the_Cosmos_client_ask_the_one_credential_for_their_tokens()
    {
        var credential = new RecordingCredential();
        using var provider = Compose(new()
        {
            ["Storage:Provider"] = "Cosmos",
            ["Storage:Cosmos:Endpoint"] = Nowhere,
            ["Auth:KeyStore:Provider"] = "Tables",
            ["Auth:KeyStore:Tables:Endpoint"] = Nowhere,
        }, credential);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await Assert.ThrowsAnyAsync<Exception>(() => provider.GetRequiredService<IApiKeyStore>().FindAsync(new string('0', 64), deadline.Token));
        await Assert.ThrowsAnyAsync<Exception>(() => provider.GetRequiredService<CosmosClient>().ReadAccountAsync().WaitAsync(deadline.Token));

        // Azure Storage's audience, and Cosmos DB's (the account's own or the service-wide one).
        Assert.Contains("https://storage.azure.com/.default", credential.Scopes);
        Assert.Contains(credential.Scopes, scope => scope != "https://storage.azure.com/.default" && scope.EndsWith("/.default", StringComparison.Ordinal));
    }

    [Fact]
    public void The_servers_Azure_Monitor_exporter_signs_in_with_the_one_credential_when_Entra_authentication_is_on()
    {
        var store = Directory.CreateTempSubdirectory("credential-").FullName;
        try
        {
            using var server = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
                .UseSetting("Storage:Sqlite:Path", Path.Combine(store, "store.db"))
                .UseSetting("APPLICATIONINSIGHTS_CONNECTION_STRING", $"InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint={Nowhere}")
                .UseSetting("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "Authorization=AAD"));

            var options = server.Services.GetRequiredService<IOptionsMonitor<AzureMonitorOptions>>().CurrentValue;

            Assert.NotNull(options.Credential);
            Assert.Same(server.Services.GetRequiredService<TokenCredential>(), options.Credential);
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }

    private static ServiceProvider Compose(Dictionary<string, string?> settings, TokenCredential? credential = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        if (credential is not null)
        {
            services.AddSingleton(credential);
        }

        services.AddConversationsApi(configuration, new HostingEnvironment { EnvironmentName = Environments.Production, ContentRootPath = Path.GetTempPath() });
        return services.BuildServiceProvider();
    }

    /// <summary>Stands in for Microsoft Entra ID: hands out a token and records the audience asked for.</summary>
    private sealed class RecordingCredential : TokenCredential
    {
        private readonly ConcurrentQueue<string> _scopes = new();

        public IReadOnlyCollection<string> Scopes => [.. _scopes];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            foreach (var scope in requestContext.Scopes)
            {
                _scopes.Enqueue(scope);
            }

            return new AccessToken("token", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
