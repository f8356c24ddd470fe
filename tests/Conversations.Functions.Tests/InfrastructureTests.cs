using System.Text.Json;
using System.Text.RegularExpressions;
using Conversations.Api.Auth;
using Conversations.Api.Composition;
using Conversations.Storage.Cosmos;

namespace Conversations.Functions.Tests;

/// <summary>
/// What can be checked of the deployment without the Bicep CLI or azd: that the templates, the
/// azd files and the code name the same parameters, modules, settings and data layout.
/// </summary>
public sealed partial class InfrastructureTests
{
    private static readonly string Root = FindRoot();
    private static readonly string MainBicep = File.ReadAllText(Path.Combine(Root, "infra", "main.bicep"));

    [Fact]
    public void Every_parameter_azd_passes_is_declared_in_main_bicep()
    {
        using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "infra", "main.parameters.json")));
        var declared = ParamDeclaration().Matches(MainBicep).Select(m => m.Groups[1].Value).ToHashSet();

        var passed = parameters.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();

        Assert.NotEmpty(passed);
        Assert.All(passed, name => Assert.Contains(name, declared));
        Assert.Contains("environmentName", passed);
        Assert.Contains("location", passed);
        Assert.Contains("principalId", passed);
    }

    [Fact]
    public void Every_local_module_path_exists()
    {
        var modules = Directory.GetFiles(Path.Combine(Root, "infra"), "*.bicep", SearchOption.AllDirectories)
            .SelectMany(file => ModuleReference().Matches(File.ReadAllText(file)).Select(m => (File: file, Path: m.Groups[1].Value)))
            .Where(m => !m.Path.StartsWith("br/", StringComparison.Ordinal) && !m.Path.StartsWith("br:", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(modules);
        Assert.All(modules, m => Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(m.File)!, m.Path)), $"{m.File} references missing {m.Path}"));
    }

    [Fact]
    public void Every_setting_the_code_reads_in_azure_is_set_by_the_template()
    {
        // Derived from the options classes, so a new setting without a Bicep value fails here.
        var localOnly = new[] { nameof(CosmosStoreOptions.Key), nameof(CosmosStoreOptions.CreateIfMissing), nameof(CosmosStoreOptions.GatewayOnly) };
        var settings = typeof(CosmosStoreOptions).GetProperties().Select(p => p.Name).Except(localOnly).Select(name => $"Storage__Cosmos__{name}")
            .Concat(typeof(ApiKeyEntry).GetProperties().Select(p => $"{AuthOptions.Section}__ApiKeys__0__{p.Name}"))
            .Concat(typeof(CursorOptions).GetProperties().Select(p => $"{CursorOptions.Section}__{p.Name}"))
            .Append($"{StorageOptions.Section}__{nameof(StorageOptions.Provider)}")
            .ToList();

        Assert.All(settings, setting => Assert.Matches($@"\n\s+{Regex.Escape(setting)}:\s", MainBicep));
        Assert.Matches(@"Storage__Provider:\s+'Cosmos'", MainBicep);
        Assert.Matches(@"Cursors__SigningKey:\s+'@Microsoft\.KeyVault\(SecretUri=", MainBicep);
    }

    [Fact]
    public void The_templates_containers_match_the_stores_layout()
    {
        Assert.Contains($"var cosmosDatabaseName = '{CosmosLayout.DefaultDatabase}'", MainBicep, StringComparison.Ordinal);
        Assert.Contains($"var conversationsContainerName = '{CosmosLayout.DefaultConversationsContainer}'", MainBicep, StringComparison.Ordinal);
        Assert.Contains($"var variablesContainerName = '{CosmosLayout.DefaultVariablesContainer}'", MainBicep, StringComparison.Ordinal);

        var keyPaths = "[ " + string.Join(", ", CosmosLayout.PartitionKeyPaths.Select(p => $"'{p}'")) + " ]";
        Assert.Equal(2, Regex.Count(MainBicep, Regex.Escape($"partitionKeyPaths: {keyPaths}")));
        Assert.Contains($"sortIndexes: {Bicep(CosmosLayout.ConversationSortIndexes)}", MainBicep, StringComparison.Ordinal);
        Assert.Contains($"sortIndexes: {Bicep(CosmosLayout.VariableSortIndexes)}", MainBicep, StringComparison.Ordinal);

        var cosmos = File.ReadAllText(Path.Combine(Root, "infra", "app", "cosmos.bicep"));
        Assert.Contains("kind: 'MultiHash'", cosmos, StringComparison.Ordinal);
        Assert.Contains("disableLocalAuth: true", cosmos, StringComparison.Ordinal);
        Assert.Contains("00000000-0000-0000-0000-000000000002", cosmos, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_json_removes_the_api_route_prefix_and_azure_yaml_deploys_the_functions_project()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "host.json")));
        var azure = File.ReadAllText(Path.Combine(Root, "azure.yaml"));

        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        Assert.Equal("", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Matches(@"host:\s*function", azure);
        Assert.Matches(@"language:\s*dotnet", azure);
        var project = Regex.Match(azure, @"project:\s*(\S+)").Groups[1].Value;
        Assert.True(File.Exists(Path.Combine(Root, project, "Conversations.Functions.csproj")), project);
    }

    private static string Bicep(IReadOnlyList<IReadOnlyList<string>> indexes) =>
        "[ " + string.Join(", ", indexes.Select(index => "[ " + string.Join(", ", index.Select(p => $"'{p}'")) + " ]")) + " ]";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Serverless.sln not found above the test output.");
    }

    [GeneratedRegex(@"^param\s+(\w+)\s", RegexOptions.Multiline)]
    private static partial Regex ParamDeclaration();

    [GeneratedRegex(@"^\s*module\s+\w+\s+'([^']+)'", RegexOptions.Multiline)]
    private static partial Regex ModuleReference();
}
