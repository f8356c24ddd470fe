using System.Text.Json;
using System.Text.RegularExpressions;

namespace Conversations.Infrastructure.Tests;

/// <summary>
/// main.bicep calls registry modules, so it compiles only with registry access (a build with it is
/// described in docs/functions-and-deploy.md). What can be checked without: that azd passes what it
/// declares, that registry modules are pinned, and that its calls of our own modules match their
/// compiled parameters and outputs.
/// </summary>
public sealed partial class MainTemplateTests
{
    private static readonly string MainBicep = RepositoryFiles.Read("infra", "main.bicep");

    [Fact]
    public void Every_parameter_azd_passes_is_declared_in_main_bicep()
    {
        using var parameters = JsonDocument.Parse(RepositoryFiles.Read("infra", "main.parameters.json"));
        var declared = ParamDeclaration().Matches(MainBicep).Select(m => m.Groups[1].Value).ToHashSet();

        var passed = parameters.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();

        Assert.All(passed, name => Assert.Contains(name, declared));
        Assert.Contains("environmentName", passed);
        Assert.Contains("location", passed);
        Assert.Contains("principalId", passed);
    }

    [Fact]
    public void Every_registry_module_is_pinned_to_an_exact_version()
    {
        var references = Directory.GetFiles(RepositoryFiles.Infra, "*.bicep", SearchOption.AllDirectories)
            .SelectMany(file => RegistryModule().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
            .ToList();

        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.Matches(@"^br/public:avm/(res|ptn|utl)/[\w./-]+:\d+\.\d+\.\d+$", reference));
    }

    [Fact]
    public void Host_storage_and_monitoring_turn_key_access_off()
    {
        Assert.Matches(@"allowSharedKeyAccess:\s+false", MainBicep);
        // Log Analytics (features) and Application Insights.
        Assert.Equal(2, Regex.Count(MainBicep, @"disableLocalAuth:\s+true"));
        Assert.DoesNotContain("listKeys(", MainBicep, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_modules_are_called_with_parameters_they_declare_every_required_one_and_outputs_they_have()
    {
        // api.bicep wraps a registry module and compiles only with the registry.
        var calls = LocalModuleCall().Matches(MainBicep).Where(c => Templates.LocalTemplates.Contains(Path.GetFileName(c.Groups[2].Value))).ToList();
        Assert.Equal(4, calls.Count);

        foreach (Match call in calls)
        {
            var module = (await Templates.BuildAsync(Path.GetFileName(call.Groups[2].Value))).Compiled;
            var parameters = module["parameters"]!.AsObject();
            var required = parameters.Where(p => p.Value!["defaultValue"] is null && p.Value["nullable"] is null).Select(p => p.Key);
            var passed = TopLevelKeys(BlockAfter(MainBicep, call.Index, "params:"));

            Assert.All(passed, name => Assert.True(parameters.ContainsKey(name), $"{call.Groups[1].Value} passes undeclared '{name}'"));
            Assert.All(required, name => Assert.True(passed.Contains(name), $"{call.Groups[1].Value} misses required '{name}'"));
            var outputs = module["outputs"]?.AsObject().Select(o => o.Key).ToHashSet() ?? [];
            var read = Regex.Matches(MainBicep, $@"\b{call.Groups[1].Value}\.outputs\.(\w+)").Select(m => m.Groups[1].Value).Distinct();
            Assert.All(read, name => Assert.True(outputs.Contains(name), $"{call.Groups[1].Value} has no output '{name}'"));
        }
    }

    [Fact]
    public async Task The_signing_key_stays_in_secure_parameters_from_main_bicep_to_the_vault()
    {
        var keyVault = (await Templates.BuildAsync("keyvault.bicep")).Compiled;

        Assert.Matches(@"@secure\(\)\s*\n(@description\([^\n]*\)\s*\n)?param cursorSigningKey string", MainBicep);
        Assert.Equal("securestring", (string?)keyVault["parameters"]!["cursorSigningKey"]!["type"]);
        Assert.DoesNotMatch(@"output \w+ string = [^\n]*cursorSigningKey\b", MainBicep);
    }

    [Fact]
    public void Azd_generates_the_signing_key_once_per_environment_and_a_set_CURSORS_SIGNING_KEY_takes_precedence()
    {
        using var parameters = JsonDocument.Parse(RepositoryFiles.Read("infra", "main.parameters.json"));
        var declaration = Regex.Match(MainBicep, @"@metadata\((\{[^\n]*\})\)\s*\n(?:@[^\n]*\n)*param cursorSigningKey string(.*)");

        // azd generates a value only for a parameter without a default that the parameters file leaves
        // empty, and keeps it in the environment's config; a default (newGuid()) would be drawn anew by
        // every deployment and invalidate the cursors in flight.
        Assert.True(declaration.Success, "cursorSigningKey needs azd metadata on the line above it");
        Assert.Equal("", declaration.Groups[2].Value.Trim());
        Assert.DoesNotMatch(@"\bparam \w+ string = [^\n]*newGuid\(", MainBicep);
        var metadata = Regex.Replace(declaration.Groups[1].Value, @"(\w+):", "\"$1\":").Replace('\'', '"');
        using var azd = JsonDocument.Parse(metadata);
        var generate = azd.RootElement.GetProperty("azd");
        Assert.Equal("generate", generate.GetProperty("type").GetString());
        var length = generate.GetProperty("config").GetProperty("length").GetInt32();
        Assert.True(generate.GetProperty("config").GetProperty("noSpecial").GetBoolean());
        Assert.Equal("${CURSORS_SIGNING_KEY}", parameters.RootElement.GetProperty("parameters").GetProperty("cursorSigningKey").GetProperty("value").GetString());

        // Letters and digits of that length are base64 of at least the 32 bytes the app asks for.
        var generated = new string(Enumerable.Range(0, length).Select(_ => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[Random.Shared.Next(62)]).ToArray());
        var bytes = new byte[length];
        Assert.True(Convert.TryFromBase64String(generated, bytes, out var written), generated);
        Assert.InRange(written, 32, length);
    }

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

    [GeneratedRegex(@"^\s*module\s+\w+\s+'(br[:/][^']+)'", RegexOptions.Multiline)]
    private static partial Regex RegistryModule();

    [GeneratedRegex(@"^\s*module\s+(\w+)\s+'(?!br[:/])([^']+)'", RegexOptions.Multiline)]
    private static partial Regex LocalModuleCall();

    [GeneratedRegex(@"^\s*(\w+):")]
    private static partial Regex ObjectKey();

    [GeneratedRegex(@"^param\s+(\w+)\s", RegexOptions.Multiline)]
    private static partial Regex ParamDeclaration();
}
