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

    [Fact]
    public void A_resource_and_its_children_use_one_api_version_across_the_templates()
    {
        // Grouped by top-level type (Microsoft.DocumentDB/databaseAccounts covers its databases,
        // containers and role assignments), since a child on another version drifts from its parent.
        var versions = BicepFiles()
            .SelectMany(file => ResourceTypeReference().Matches(File.ReadAllText(file)).Select(m => (Type: string.Join('/', m.Groups[1].Value.Split('/').Take(2)), Version: m.Groups[2].Value)))
            .GroupBy(r => r.Type, StringComparer.OrdinalIgnoreCase)
            .ToList();

        Assert.Contains(versions, g => g.Key == "Microsoft.DocumentDB/databaseAccounts");
        Assert.All(versions, g => Assert.True(g.Select(r => r.Version).Distinct().Count() == 1, $"{g.Key}: {string.Join(", ", g.Select(r => r.Version).Distinct())}"));
    }

    [Fact]
    public void Every_registry_module_is_pinned_to_an_exact_version()
    {
        var references = BicepFiles().SelectMany(file => RegistryModule().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value)).ToList();

        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.Matches(@"^br/public:avm/(res|ptn|utl)/[\w./-]+:\d+\.\d+\.\d+$", reference));
    }

    [Fact]
    public void Local_modules_are_called_with_parameters_they_declare_and_every_required_one()
    {
        foreach (var file in BicepFiles())
        {
            var text = File.ReadAllText(file);
            foreach (Match call in LocalModuleCall().Matches(text))
            {
                var module = File.ReadAllText(Path.Combine(Path.GetDirectoryName(file)!, call.Groups[2].Value));
                var declared = ParamDeclarationWithDefault().Matches(module).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Success);
                var passed = TopLevelKeys(BlockAfter(text, call.Index, "params:"));

                Assert.All(passed, name => Assert.True(declared.ContainsKey(name), $"{call.Groups[1].Value} passes undeclared '{name}'"));
                Assert.All(declared.Where(d => !d.Value).Select(d => d.Key), name => Assert.True(passed.Contains(name), $"{call.Groups[1].Value} misses required '{name}'"));

                // Every output main.bicep reads from the module is one the module declares.
                var outputs = OutputDeclaration().Matches(module).Select(m => m.Groups[1].Value).ToHashSet();
                var read = Regex.Matches(text, $@"\b{call.Groups[1].Value}\.outputs\.(\w+)").Select(m => m.Groups[1].Value).Distinct();
                Assert.All(read, name => Assert.True(outputs.Contains(name), $"{call.Groups[1].Value} has no output '{name}'"));
            }
        }
    }

    [Fact]
    public void Nothing_in_azure_is_reached_with_a_key()
    {
        var all = string.Concat(BicepFiles().Select(File.ReadAllText));
        var cosmos = File.ReadAllText(Path.Combine(Root, "infra", "app", "cosmos.bicep"));
        var api = File.ReadAllText(Path.Combine(Root, "infra", "app", "api.bicep"));

        Assert.Contains("allowSharedKeyAccess: false", MainBicep, StringComparison.Ordinal);
        Assert.Contains("disableLocalAuth: true", cosmos, StringComparison.Ordinal);
        // Log Analytics (features) and Application Insights.
        Assert.Equal(2, Regex.Count(MainBicep, @"disableLocalAuth:\s+true"));
        Assert.DoesNotContain("listKeys(", all, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\bAzureWebJobsStorage:", all);
        Assert.Matches(@"AzureWebJobsStorage__credential:\s+'managedidentity'", api);
        Assert.Matches(@"AzureWebJobsStorage__clientId:\s+identityClientId", api);
        Assert.Matches(@"AzureWebJobsStorage__accountName:\s", api);
        Assert.Matches(@"APPLICATIONINSIGHTS_AUTHENTICATION_STRING:\s+'ClientId=\$\{identityClientId\};Authorization=AAD'", api);
    }

    [Fact]
    public void The_function_app_runs_the_runtime_the_project_targets_on_flex_consumption()
    {
        var api = File.ReadAllText(Path.Combine(Root, "infra", "app", "api.bicep"));
        var project = File.ReadAllText(Path.Combine(Root, "functions", "Conversations.Functions", "Conversations.Functions.csproj"));
        var props = File.ReadAllText(Path.Combine(Root, "Directory.Build.props"));
        var framework = TargetFramework().Match(project) is { Success: true } own ? own : TargetFramework().Match(props);

        Assert.True(framework.Success, "no TargetFramework for the functions project");
        Assert.Matches($@"name:\s+'dotnet-isolated'\s+version:\s+'{Regex.Escape(framework.Groups[1].Value)}'", api);
        Assert.Matches(@"skuName:\s+'FC1'", MainBicep);
        Assert.Matches(@"type:\s+'UserAssignedIdentity'", api);
    }

    // Azure's built-in role ids as published (learn.microsoft.com/azure/role-based-access-control/built-in-roles,
    // and Cosmos DB's data-plane roles in its RBAC documentation). ARM accepts any GUID in a template;
    // a wrong one fails only at deployment, with RoleDefinitionDoesNotExist.
    private static readonly Dictionary<string, string> PublishedRoles = new()
    {
        ["Storage Blob Data Owner"] = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
        ["Storage Queue Data Contributor"] = "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
        ["Storage Table Data Contributor"] = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
        ["Monitoring Metrics Publisher"] = "3913510d-42f4-4e42-8a64-420c390055eb",
        ["Key Vault Secrets User"] = "4633458b-17de-408a-b874-0445c86b69e6",
        ["Cosmos DB Built-in Data Contributor"] = "00000000-0000-0000-0000-000000000002",
    };

    [Fact]
    public void Every_role_id_is_the_published_id_of_the_role_its_variable_is_named_after()
    {
        var roles = BicepFiles()
            .SelectMany(file => RoleVariable().Matches(File.ReadAllText(file)))
            .Select(m => (Role: RoleWords(m.Groups[1].Value), Id: m.Groups[2].Value))
            .ToList();
        var published = PublishedRoles.ToDictionary(r => RoleWords(r.Key), r => r.Value);

        Assert.All(roles, role =>
        {
            Assert.True(published.TryGetValue(role.Role, out var id), $"no published role named '{role.Role}'");
            Assert.Equal(id, role.Id);
        });
        // Each role the app needs (host storage, telemetry, the signing key, the data) is granted somewhere.
        Assert.Equal(published.Keys.Order(), roles.Select(r => r.Role).Distinct().Order());
    }

    [Fact]
    public void Role_ids_appear_only_in_those_variables()
    {
        // An inline GUID in a role assignment would escape the check above.
        foreach (var file in BicepFiles())
        {
            var lines = File.ReadAllLines(file).Where(line => GuidLiteral().IsMatch(line));
            Assert.All(lines, line => Assert.Matches(RoleVariable(), line));
        }
    }

    /// <summary>"storageQueueDataContributor" and "Storage Queue Data Contributor" both give "storage queue data contributor".</summary>
    private static string RoleWords(string name) =>
        string.Join(' ', CamelCaseWord().Matches(name.Replace("-", " ", StringComparison.Ordinal)).Select(m => m.Value.ToLowerInvariant()));

    private static string[] BicepFiles() => Directory.GetFiles(Path.Combine(Root, "infra"), "*.bicep", SearchOption.AllDirectories);

    /// <summary>The text of the <c>{ … }</c> block that follows <paramref name="label"/> after <paramref name="from"/>.</summary>
    private static string BlockAfter(string text, int from, string label)
    {
        var start = text.IndexOf('{', text.IndexOf(label, from, StringComparison.Ordinal));
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            depth += text[i] switch { '{' or '[' => 1, '}' or ']' => -1, _ => 0 };
            if (depth == 0)
            {
                return text[(start + 1)..i];
            }
        }

        throw new InvalidOperationException($"unbalanced block after {label}");
    }

    /// <summary>Keys of an object literal's body at its own level (nested objects and arrays skipped).</summary>
    private static HashSet<string> TopLevelKeys(string body)
    {
        var keys = new HashSet<string>();
        var depth = 0;
        foreach (var line in body.Split('\n'))
        {
            if (depth == 0 && ObjectKey().Match(line) is { Success: true } key)
            {
                keys.Add(key.Groups[1].Value);
            }

            depth += line.Count(c => c is '{' or '[') - line.Count(c => c is '}' or ']');
        }

        return keys;
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

    [GeneratedRegex(@"^var\s+(\w+)\s*=\s*'([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'\s*$", RegexOptions.Multiline)]
    private static partial Regex RoleVariable();

    [GeneratedRegex(@"'[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-")]
    private static partial Regex GuidLiteral();

    // A word of a camelCase or spaced name: "DB" and "Db" both count as one word.
    [GeneratedRegex(@"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")]
    private static partial Regex CamelCaseWord();

    [GeneratedRegex(@"'(Microsoft\.[A-Za-z]+/[A-Za-z/]+)@([0-9]{4}-[0-9]{2}-[0-9]{2}(?:-preview)?)'")]
    private static partial Regex ResourceTypeReference();

    [GeneratedRegex(@"^\s*module\s+\w+\s+'(br[:/][^']+)'", RegexOptions.Multiline)]
    private static partial Regex RegistryModule();

    [GeneratedRegex(@"^\s*module\s+(\w+)\s+'(?!br[:/])([^']+)'", RegexOptions.Multiline)]
    private static partial Regex LocalModuleCall();

    // A declaration and whether it is optional (a default, or a nullable type), so callers may omit it.
    [GeneratedRegex(@"^param\s+(\w+)\s+[\w.]+(\?|\s*=)?", RegexOptions.Multiline)]
    private static partial Regex ParamDeclarationWithDefault();

    [GeneratedRegex(@"^output\s+(\w+)\s", RegexOptions.Multiline)]
    private static partial Regex OutputDeclaration();

    [GeneratedRegex(@"^\s*(\w+):")]
    private static partial Regex ObjectKey();

    [GeneratedRegex(@"<TargetFramework>net(\d+\.\d+)</TargetFramework>")]
    private static partial Regex TargetFramework();

    [GeneratedRegex(@"^param\s+(\w+)\s", RegexOptions.Multiline)]
    private static partial Regex ParamDeclaration();

    [GeneratedRegex(@"^\s*module\s+\w+\s+'([^']+)'", RegexOptions.Multiline)]
    private static partial Regex ModuleReference();
}
