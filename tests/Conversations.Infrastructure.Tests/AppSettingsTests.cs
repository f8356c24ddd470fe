using System.Reflection;
using Azure.Core;
using Azure.Identity;
using System.Runtime.Versioning;
using Conversations.Api.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Conversations.Infrastructure.Tests;

/// <summary>
/// The app settings the template gives the function app, evaluated by the Bicep CLI, against the
/// code that reads them: the real composition binds them and validates them as it does on start.
/// </summary>
public sealed class AppSettingsTests
{
    /// <summary>
    /// Read by the Functions host and the Application Insights worker package, not by our options:
    /// identity-based host storage (learn.microsoft.com/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity)
    /// and Entra-authenticated telemetry (learn.microsoft.com/azure/azure-monitor/app/azure-ad-authentication);
    /// and the Cosmos DB SDK's switch to plan queries in process on Linux, read from the environment.
    /// </summary>
    private static readonly string[] PlatformSettings =
    [
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "AZURE_COSMOS_USE_QUERY_PLAN_INTEROP_LINUX",
    ];

    [Fact]
    public async Task Every_app_setting_is_read_by_the_app_and_together_they_pass_its_start_up_validation()
    {
        var settings = await AppSettingsAsync();
        var appSettings = settings.Where(s => !PlatformSettings.Contains(s.Key)).ToDictionary();
        var configuration = new ReadTrackingConfiguration(appSettings);
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration.Root);

        services.AddConversationsApi(configuration.Root, Production());
        using var provider = services.BuildServiceProvider();

        // What ValidateOnStart runs when the host starts: throws with every failed rule.
        provider.GetRequiredService<IStartupValidator>().Validate();
        BindEveryOptionsType(services, provider);
        // The app's one credential is built from the Azure section when a client first needs it.
        Assert.IsType<ManagedIdentityCredential>(provider.GetRequiredService<TokenCredential>());
        // Options share sections (Storage binds the provider, Storage:Cosmos the store's settings), so
        // "unknown to one options type" would not mean "unread": what counts is that something reads it.
        Assert.All(appSettings.Keys, name => Assert.True(configuration.WasRead(name), $"The app never reads the setting {name}."));
        Assert.NotEmpty(appSettings);
    }

    [Fact]
    public async Task The_host_reaches_its_storage_and_sends_telemetry_with_the_identity_not_a_key()
    {
        var settings = await AppSettingsAsync();

        Assert.All(PlatformSettings, name => Assert.Contains(name, settings.Keys));
        Assert.Equal(Templates.HostStorageAccountName, settings["AzureWebJobsStorage__accountName"]);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal(Templates.IdentityClientId, settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal($"ClientId={Templates.IdentityClientId};Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        // Without it every list on Linux first asks the gateway for a query plan: one more round trip each.
        Assert.Equal("true", settings["AZURE_COSMOS_USE_QUERY_PLAN_INTEROP_LINUX"]);
    }

    [Fact]
    public async Task No_setting_holds_a_secret_and_every_client_signs_in_as_the_apps_identity()
    {
        var settings = await AppSettingsAsync();

        Assert.All(settings, s =>
        {
            Assert.DoesNotContain("AccountKey=", s.Value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessSignature", s.Value, StringComparison.OrdinalIgnoreCase);
            // A Key Vault reference can stay unresolved on a first deployment; the app reads the vault itself.
            Assert.DoesNotContain("@Microsoft.KeyVault(", s.Value, StringComparison.OrdinalIgnoreCase);
        });
        var clientIds = settings.Where(s => s.Key.EndsWith("ClientId", StringComparison.OrdinalIgnoreCase)).ToList();
        // The host's storage connection, and the app's one credential for all its clients.
        Assert.Equal(["AzureWebJobsStorage__clientId", "Azure__clientId"], clientIds.Select(s => s.Key).Order(StringComparer.Ordinal));
        Assert.All(clientIds, s => Assert.Equal(Templates.IdentityClientId, s.Value));
        Assert.Equal("managedidentity", settings["Azure__credential"]);
        Assert.Equal(Templates.SigningKeyUri, settings[$"{CursorOptions.Section}__{nameof(CursorOptions.SigningKeyUri)}"]);
    }

    [Fact]
    public async Task The_function_app_runs_the_framework_the_app_is_built_for_from_a_package_it_reads_with_its_identity()
    {
        var config = (await Templates.ValueAsync("functionAppConfig")).AsObject();
        var framework = typeof(CursorOptions).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName;

        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal(new FrameworkName(framework).Version.ToString(2), (string?)config["runtime"]!["version"]);
        var storage = config["deployment"]!["storage"]!;
        Assert.Equal("blobContainer", (string?)storage["type"]);
        Assert.Equal(Templates.DeploymentContainerUrl, (string?)storage["value"]);
        Assert.Equal("UserAssignedIdentity", (string?)storage["authentication"]!["type"]);
        Assert.Equal(Templates.IdentityResourceId, (string?)storage["authentication"]!["userAssignedIdentityResourceId"]);
        Assert.Null(storage["authentication"]!["storageAccountConnectionStringName"]);
        Assert.Equal(2048, (int?)config["scaleAndConcurrency"]!["instanceMemoryMB"]);
    }

    [Fact]
    public async Task The_site_config_sets_only_what_flex_consumption_accepts()
    {
        // Flex Consumption rejects ftpsState (ARM error 51021) and the site module's default alwaysOn;
        // runtime and scale belong in functionAppConfig, and it offers no platform health check.
        var siteConfig = (await Templates.ValueAsync("siteConfig")).AsObject();

        Assert.Equal(["minTlsVersion"], siteConfig.Select(p => p.Key));
        Assert.Equal("1.2", (string?)siteConfig["minTlsVersion"]);
    }

    [Fact]
    public void The_local_settings_sample_passes_start_up_validation_in_Development_as_copied()
    {
        // `cp local.settings.sample.json local.settings.json` and `func start` (Development, as Core
        // Tools runs it) must need no edit: no placeholder, every value read by the app or the host.
        using var sample = System.Text.Json.JsonDocument.Parse(RepositoryFiles.Read("local.settings.sample.json"));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var appSettings = values.Where(s => s.Key is not ("AzureWebJobsStorage" or "FUNCTIONS_WORKER_RUNTIME")).ToDictionary();
        var configuration = new ReadTrackingConfiguration(appSettings);
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration.Root);

        services.AddConversationsApi(configuration.Root, Environment(Environments.Development));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        BindEveryOptionsType(services, provider);
        Assert.All(appSettings.Keys, name => Assert.True(configuration.WasRead(name), $"The app never reads the setting {name}."));
        Assert.Equal("dotnet-isolated", values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("UseDevelopmentStorage=true", values["AzureWebJobsStorage"]);
    }

    private static async Task<Dictionary<string, string>> AppSettingsAsync() =>
        (await Templates.ValueAsync("appSettings")).AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());

    private static HostingEnvironment Production() => Environment(Environments.Production);

    private static HostingEnvironment Environment(string name) => new()
    {
        EnvironmentName = name,
        ApplicationName = "Conversations.Functions",
        ContentRootPath = AppContext.BaseDirectory,
    };

    /// <summary>Binds every options type the composition configures, including those not validated on start.</summary>
    private static void BindEveryOptionsType(IServiceCollection services, IServiceProvider provider)
    {
        var optionsTypes = services
            .Select(d => d.ServiceType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IConfigureOptions<>))
            .Select(t => t.GetGenericArguments()[0])
            .Distinct();
        foreach (var type in optionsTypes)
        {
            var monitor = provider.GetRequiredService(typeof(IOptionsMonitor<>).MakeGenericType(type));
            _ = monitor.GetType().GetProperty(nameof(IOptionsMonitor<object>.CurrentValue))!.GetValue(monitor);
        }
    }
}
