using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace Conversations.Infrastructure.Tests;

/// <summary>
/// What people adopting the repository run: the README's two commands, CI (which must run exactly the
/// README's test command), the azd deployment workflow, dependency updates and the dev container.
/// Each file is parsed as GitHub, Dependabot and dev container tools parse it, so a typo fails here.
/// </summary>
public sealed partial class RepositoryToolingTests
{
    private const string ServeCommand = "dotnet run --project functions/Conversations.Server";
    private const string TestCommand = "dotnet test Serverless.Tests.slnf";

    private static readonly string Readme = RepositoryFiles.Read("README.md");

    [Fact]
    public void The_README_is_short_and_gives_the_two_commands_each_on_a_line_of_its_own()
    {
        var lines = Readme.ReplaceLineEndings("\n").Split('\n');

        Assert.InRange(lines.Length, 1, 161);
        Assert.Contains(ServeCommand, lines);
        Assert.Contains(TestCommand, lines);
        Assert.True(File.Exists(RepositoryFiles.Path("LICENSE")));
        // Every relative link leads to a file or folder of the repository.
        foreach (Match link in RelativeLink().Matches(Readme))
        {
            var target = link.Groups[1].Value.Split('#')[0];
            Assert.True(File.Exists(RepositoryFiles.Path(target)) || Directory.Exists(RepositoryFiles.Path(target)), $"README links to missing {target}");
        }
    }

    [Fact]
    public void CI_runs_ci_run_which_runs_the_READMEs_test_command_with_a_hang_guard()
    {
        var ci = Yaml(".github", "workflows", "ci.yml");
        var script = RepositoryFiles.Read(".ci", "run");

        var runs = Steps(ci).Select(step => Text(step, "run")).ToList();
        Assert.Contains(".ci/run", runs);
        var command = script.ReplaceLineEndings("\n").Split('\n').Single(line => line.StartsWith("dotnet test", StringComparison.Ordinal));
        Assert.StartsWith(TestCommand + " ", command, StringComparison.Ordinal);
        Assert.Contains("--blame-hang-timeout", command, StringComparison.Ordinal);
        Assert.All(Map(ci, "jobs").Values, job => Assert.Equal("ubuntu-latest", Text(job, "runs-on")));
    }

    [Fact]
    public void CI_starts_the_built_Functions_app_under_Core_Tools_on_SQLite_and_smoke_tests_it()
    {
        var ci = Yaml(".github", "workflows", "ci.yml");
        var functions = Map(ci, "jobs")["functions"];
        var script = string.Join('\n', Steps(ci, "functions").Select(step => Text(step, "run")));
        var smoke = RepositoryFiles.Read(".ci", "smoke");

        Assert.Equal("Sqlite", Text(Map(functions, "env")["Storage__Provider"]));
        Assert.Contains("azure-functions-core-tools@4", script, StringComparison.Ordinal);
        Assert.Contains("azurite", script, StringComparison.Ordinal);
        Assert.Contains("func start", script, StringComparison.Ordinal);
        Assert.Contains(".ci/smoke http://localhost:7071", script, StringComparison.Ordinal);
        foreach (var check in new[] { "expect 200 \"$api/readyz\"", "/v1/conversations?user=", "/openai/v1/conversations\"", "/api/v1/conversations\"", "-X POST", "expect 401" })
        {
            Assert.Contains(check, smoke, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_deployment_workflow_signs_in_with_a_federated_credential_provisions_deploys_and_checks_readiness()
    {
        var deploy = Yaml(".github", "workflows", "azure-dev.yml");
        var runs = string.Join('\n', Steps(deploy).Select(step => Text(step, "run")));
        var jobEnv = Map(Map(deploy, "jobs").Values.Single(), "env");

        Assert.Equal("write", Text(Map(deploy, "permissions")["id-token"]));
        Assert.Contains("--federated-credential-provider github", runs, StringComparison.Ordinal);
        Assert.All(new[] { "AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_SUBSCRIPTION_ID", "AZURE_ENV_NAME", "AZURE_LOCATION" },
            name => Assert.Equal($"${{{{ vars.{name} }}}}", Text(jobEnv[name])));
        Assert.Equal("ServicePrincipal", Text(jobEnv["AZURE_PRINCIPAL_TYPE"]));
        var provision = runs.IndexOf("azd provision --no-prompt", StringComparison.Ordinal);
        Assert.InRange(provision, 0, runs.IndexOf("azd deploy --no-prompt", StringComparison.Ordinal));
        Assert.Matches(@"azd env get-value API_KEY[\s\S]*/readyz""? -H ""Authorization: Bearer \$key""", runs);
    }

    [Fact]
    public void Dependabot_updates_NuGet_both_test_servers_npm_packages_and_the_workflows_actions()
    {
        var updates = List(Yaml(".github", "dependabot.yml"), "updates");
        var ecosystems = updates.ToDictionary(u => Text(u, "package-ecosystem"));

        Assert.Equal(["github-actions", "npm", "nuget"], ecosystems.Keys.Order());
        var npm = List(ecosystems["npm"], "directories").Select(d => Text(d)).ToList();
        Assert.Equal(["/tests/azurite", "/tests/cosmos-server"], npm.Order());
        Assert.All(npm, dir => Assert.True(File.Exists(RepositoryFiles.Path(dir.TrimStart('/'), "package-lock.json")), dir));
    }

    [Fact]
    public void The_dev_container_has_the_SDK_of_global_json_Node_20_azd_the_Azure_CLI_Core_Tools_and_Azurite()
    {
        using var container = JsonDocument.Parse(RepositoryFiles.Read(".devcontainer", "devcontainer.json"));
        using var globalJson = JsonDocument.Parse(RepositoryFiles.Read("global.json"));
        var root = container.RootElement;
        var features = root.GetProperty("features").EnumerateObject().ToDictionary(f => f.Name.Split(':')[0], f => f.Value);
        var sdkMajor = globalJson.RootElement.GetProperty("sdk").GetProperty("version").GetString()!.Split('.')[0];

        Assert.Matches($@"^mcr\.microsoft\.com/devcontainers/dotnet:{sdkMajor}\.0", root.GetProperty("image").GetString());
        Assert.Equal("20", features["ghcr.io/devcontainers/features/node"].GetProperty("version").GetString());
        Assert.Contains("ghcr.io/devcontainers/features/azure-cli", features.Keys);
        Assert.Contains("ghcr.io/azure/azure-dev/azd", features.Keys);
        Assert.Matches(@"npm install -g azure-functions-core-tools@4 azurite", root.GetProperty("postCreateCommand").GetString());
    }

    private static object Yaml(params string[] path) => new DeserializerBuilder().Build().Deserialize<object>(RepositoryFiles.Read(path))
        ?? throw new InvalidOperationException($"{Path.Combine(path)} is empty");

    private static Dictionary<string, object> Map(object node, string key) =>
        ((Dictionary<object, object>)((Dictionary<object, object>)node)[key]).ToDictionary(p => (string)p.Key, p => p.Value);

    private static List<object> List(object node, string key) => (List<object>)((Dictionary<object, object>)node)[key];

    private static string Text(object node) => (string)node;

    private static string Text(object node, string key) =>
        ((Dictionary<object, object>)node).TryGetValue(key, out var value) ? (string)value : "";

    /// <summary>Every step of every job, or of the job <paramref name="job"/>.</summary>
    private static IEnumerable<object> Steps(object workflow, string? job = null) =>
        Map(workflow, "jobs").Where(j => job is null || j.Key == job).SelectMany(j => List(j.Value, "steps"));

    [GeneratedRegex(@"\]\((?!https?:|#)([^)\s]+)\)")]
    private static partial Regex RelativeLink();
}
