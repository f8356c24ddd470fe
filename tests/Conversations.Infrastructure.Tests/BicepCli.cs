using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Conversations.Infrastructure.Tests;

/// <summary>
/// The Bicep CLI from the <c>Azure.Bicep.CommandLine</c> package the test build downloads for its
/// platform, or else an installed one. It compiles templates to ARM JSON (running the linter as it
/// does), and evaluates exported definitions: a <c>.bicepparam</c> file that imports them compiles to
/// a parameters file holding their values.
/// </summary>
internal static class BicepCli
{
    private static readonly Lazy<string> Executable = new(() => Locate(
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value,
        Environment.GetEnvironmentVariable("PATH"),
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)));

    /// <summary>
    /// The package's CLI when the build downloaded one; else <c>bicep</c> on the PATH; else the one
    /// <c>az bicep install</c> keeps in ~/.azure/bin. Fails saying what to install when none is there.
    /// </summary>
    public static string Locate(string? packagePath, string? path, string home)
    {
        var name = OperatingSystem.IsWindows() ? "bicep.exe" : "bicep";
        var candidates = new[] { packagePath }
            .Concat((path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, name)))
            .Append(Path.Combine(home, ".azure", "bin", name));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"The Bicep CLI was not found. The test build downloads it (NuGet package Azure.Bicep.CommandLine.<rid>) on Windows, macOS and Linux, x64 and arm64; on {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier} "
                + "install it: `az bicep install` (Azure CLI), or a `bicep` on the PATH (https://learn.microsoft.com/azure/azure-resource-manager/bicep/install).");
    }

    /// <summary>The compiled template, or a failure that lists every diagnostic (linter warnings included).</summary>
    public static async Task<BicepBuild> BuildAsync(string file)
    {
        var (exitCode, output, errors) = await RunAsync("build", file, "--stdout");
        return new BicepBuild(file, exitCode == 0 ? JsonNode.Parse(output)!.AsObject() : null, Diagnostics(errors));
    }

    /// <summary>
    /// The values of <paramref name="parameters"/> (name = Bicep expression) as ARM would receive them,
    /// with each file of <paramref name="imports"/> imported under its alias (alias = file).
    /// </summary>
    public static async Task<JsonObject> EvaluateAsync(IReadOnlyDictionary<string, string> imports, IReadOnlyDictionary<string, string> parameters)
    {
        var folder = Directory.CreateTempSubdirectory("bicep-eval-").FullName;
        try
        {
            var text = new StringBuilder("using none\n");
            foreach (var (alias, file) in imports)
            {
                // Bicep accepts only relative paths in imports.
                var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"import * as {alias} from '{relative}'\n");
            }

            foreach (var (name, expression) in parameters)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"param {name} = {expression}\n");
            }

            var paramFile = Path.Combine(folder, "evaluate.bicepparam");
            await File.WriteAllTextAsync(paramFile, text.ToString());
            var (exitCode, output, errors) = await RunAsync("build-params", paramFile, "--stdout");
            Assert.True(exitCode == 0 && Diagnostics(errors).Count == 0, $"bicep build-params failed:\n{errors}\n{text}");

            var parametersJson = JsonNode.Parse(JsonNode.Parse(output)!["parametersJson"]!.GetValue<string>())!;
            var values = new JsonObject();
            foreach (var (name, value) in parametersJson["parameters"]!.AsObject())
            {
                values[name] = value!["value"]!.DeepClone();
            }

            return values;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<string> Diagnostics(string errors) =>
        errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains(" : Warning ", StringComparison.Ordinal) || line.Contains(" : Error ", StringComparison.Ordinal)
                || line.Contains(" : Info ", StringComparison.Ordinal))
            .ToList();

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable.Value)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry, and no module restore attempts that would wait on the network.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}

/// <summary>A template's compiled ARM JSON (null when it failed) and the diagnostics the build reported.</summary>
internal sealed record BicepBuild(string File, JsonObject? Template, IReadOnlyList<string> Diagnostics)
{
    public JsonObject Compiled => Template ?? throw new InvalidOperationException($"{File} did not build:\n{string.Join('\n', Diagnostics)}");

    /// <summary>Resources of the compiled template (languageVersion 2.0 keys them by symbolic name).</summary>
    public IEnumerable<JsonObject> Resources => Compiled["resources"] switch
    {
        JsonObject byName => byName.Select(r => r.Value!.AsObject()),
        JsonArray list => list.Select(r => r!.AsObject()),
        _ => [],
    };

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The compiled template as text, ARM expressions unescaped (<c>variables('x')</c>).</summary>
    public string Text => Compiled.ToJsonString(Unescaped);

    public static string TextOf(JsonNode node) => node.ToJsonString(Unescaped);
}
