using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Conversations.Infrastructure.Tests;

/// <summary>
/// The templates compiled once per test run: every template that builds without the module registry
/// (main.bicep and api.bicep use registry modules; docs/functions-and-deploy.md says how to build
/// them), and the values of the definitions they export, evaluated with sample inputs.
/// </summary>
internal static partial class Templates
{
    public const string IdentityClientId = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
    public const string IdentityResourceId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-test/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-api-test";
    public const string DeploymentContainerUrl = "https://sttest.blob.core.windows.net/app-package-func-api-test";
    public const string HostStorageAccountName = "sttest";
    public const string TableEndpoint = "https://sttest.table.core.windows.net/";
    public const string CosmosEndpoint = "https://cosmos-test.documents.azure.com:443/";
    public const string SigningKeyUri = "https://kv-test.vault.azure.net/secrets/cursor-signing-key";
    public const string ApplicationInsightsConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://test.in.applicationinsights.azure.com/";

    private static readonly Lazy<Task<IReadOnlyDictionary<string, BicepBuild>>> Builds = new(BuildAllAsync);
    private static readonly Lazy<Task<JsonObject>> Values = new(EvaluateAsync);

    /// <summary>Templates with no registry module, by file name.</summary>
    public static IReadOnlyList<string> LocalTemplates { get; } = Directory
        .GetFiles(RepositoryFiles.Infra, "*.bicep", SearchOption.AllDirectories)
        .Where(file => !RegistryModule().IsMatch(File.ReadAllText(file)))
        .Select(Path.GetFileName)
        .Order(StringComparer.Ordinal)
        .ToList()!;

    public static async Task<BicepBuild> BuildAsync(string fileName) => (await Builds.Value)[fileName];

    public static async Task<IEnumerable<BicepBuild>> AllBuildsAsync() => (await Builds.Value).Values;

    /// <summary>An evaluated definition (see <see cref="EvaluateAsync"/> for the names).</summary>
    public static async Task<JsonNode> ValueAsync(string name) => (await Values.Value)[name] ?? throw new KeyNotFoundException(name);

    public static string App(string fileName) => Path.Combine(RepositoryFiles.Infra, "app", fileName);

    private static async Task<IReadOnlyDictionary<string, BicepBuild>> BuildAllAsync()
    {
        var files = Directory.GetFiles(RepositoryFiles.Infra, "*.bicep", SearchOption.AllDirectories)
            .Where(file => LocalTemplates.Contains(Path.GetFileName(file)));
        var builds = await Task.WhenAll(files.Select(BicepCli.BuildAsync));
        return builds.ToDictionary(b => Path.GetFileName(b.File));
    }

    private static Task<JsonObject> EvaluateAsync() => BicepCli.EvaluateAsync(
        new Dictionary<string, string>
        {
            ["api"] = App("api-config.bicep"),
            ["cosmos"] = App("cosmos.bicep"),
            ["roles"] = App("roles.bicep"),
        },
        new Dictionary<string, string>
        {
            ["appSettings"] = $$"""
                api.appSettings({
                  identityClientId: '{{IdentityClientId}}'
                  hostStorageAccountName: '{{HostStorageAccountName}}'
                  applicationInsightsConnectionString: '{{ApplicationInsightsConnectionString}}'
                  keyRegistryTableEndpoint: '{{TableEndpoint}}'
                  cosmosEndpoint: '{{CosmosEndpoint}}'
                  cosmosDatabase: cosmos.databaseName
                  conversationsContainer: cosmos.conversationsContainer.id
                  variablesContainer: cosmos.variablesContainer.id
                  cursorSigningKeyUri: '{{SigningKeyUri}}'
                })
                """,
            ["functionAppConfig"] = $"api.functionAppConfig('{DeploymentContainerUrl}', '{IdentityResourceId}', 2048, 100)",
            ["siteConfig"] = "api.siteConfig()",
            ["databaseName"] = "cosmos.databaseName",
            ["partitionKeyPaths"] = "cosmos.partitionKeyPaths",
            ["conversationsContainer"] = "cosmos.conversationsContainer",
            ["variablesContainer"] = "cosmos.variablesContainer",
            ["itemsContainer"] = "cosmos.itemsContainer",
            ["builtInRoles"] = "roles.builtInRoles",
            ["cosmosDataRoles"] = "roles.cosmosDataRoles",
        });

    [GeneratedRegex(@"^\s*module\s+\w+\s+'br[:/]", RegexOptions.Multiline)]
    private static partial Regex RegistryModule();
}
