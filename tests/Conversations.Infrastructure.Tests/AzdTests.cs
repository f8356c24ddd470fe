using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Conversations.Infrastructure.Tests;

/// <summary>
/// What azd runs: the service it deploys, the host.json it ships, and the postprovision hook that
/// issues the first API key. The hook runs for real with stand-ins for <c>dotnet</c> (the server's
/// <c>keys create</c> command, answering as the table does while a role assignment propagates) and
/// <c>azd</c>, which needs a signed-in Azure account. The posix script runs under sh.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class AzdTests : IDisposable
{
    private readonly string _bin = Directory.CreateTempSubdirectory("azd-hook-").FullName;

    [Fact]
    public void Azure_yaml_deploys_the_functions_project_and_host_json_removes_the_api_route_prefix()
    {
        using var host = JsonDocument.Parse(RepositoryFiles.Read("host.json"));
        var azure = RepositoryFiles.Read("azure.yaml");

        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        Assert.Equal("", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Matches(@"host:\s*function", azure);
        Assert.Matches(@"language:\s*dotnet", azure);
        var project = Regex.Match(azure, @"project:\s*(\S+)").Groups[1].Value;
        Assert.True(File.Exists(RepositoryFiles.Path(project, "Conversations.Functions.csproj")), project);
    }

    [Fact]
    public void The_postprovision_hook_has_a_script_for_posix_and_for_windows()
    {
        var azure = RepositoryFiles.Read("azure.yaml");

        var hook = Regex.Match(azure, @"postprovision:\s*\n\s*posix:\s*\n\s*shell: sh\s*\n\s*run: (\S+)[\s\S]*?windows:\s*\n\s*shell: pwsh\s*\n\s*run: (\S+)");
        Assert.True(hook.Success, "postprovision needs posix (sh) and windows (pwsh) entries");
        Assert.True(File.Exists(RepositoryFiles.Path(hook.Groups[1].Value)), hook.Groups[1].Value);
        Assert.True(File.Exists(RepositoryFiles.Path(hook.Groups[2].Value)), hook.Groups[2].Value);
    }

    [PosixFact]
    public async Task The_hook_retries_while_the_table_refuses_the_sign_in_then_stores_the_key_without_printing_it()
    {
        var run = await RunHookAsync(authorizationFailures: 2);

        Assert.Equal(0, run.ExitCode);
        var expected = $"run --project {RepositoryFiles.Root}/functions/Conversations.Server -- keys create --tenant acme --json";
        Assert.Equal([expected, expected, expected], run.DotnetCalls);
        Assert.Contains("Auth__KeyStore__Provider=Tables", run.DotnetEnvironment);
        Assert.Contains("Auth__KeyStore__Tables__Endpoint=https://sttest.table.core.windows.net/", run.DotnetEnvironment);
        Assert.Equal(["env set API_KEY conv_issued_by_the_registry"], run.AzdCalls);
        Assert.DoesNotContain("conv_issued_by_the_registry", run.Output, StringComparison.Ordinal);
    }

    [PosixFact]
    public async Task The_hook_issues_no_second_key_when_the_environment_has_one()
    {
        var run = await RunHookAsync(authorizationFailures: 0, existingKey: "conv_kept");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.DotnetCalls);
        Assert.Empty(run.AzdCalls);
    }

    [PosixFact]
    public async Task The_hook_fails_at_once_on_any_other_error_and_stores_nothing()
    {
        var run = await RunHookAsync(authorizationFailures: 0, otherFailure: true);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Single(run.DotnetCalls);
        Assert.Empty(run.AzdCalls);
        Assert.Contains("DefaultAzureCredential failed", run.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_bin, recursive: true);

    private async Task<HookRun> RunHookAsync(int authorizationFailures, string? existingKey = null, bool otherFailure = false)
    {
        WriteScript("dotnet", $$"""
            echo "$*" >> "{{_bin}}/dotnet.calls"
            env | grep '^Auth__KeyStore__' | sort >> "{{_bin}}/dotnet.env"
            count=$(( $(cat "{{_bin}}/count" 2>/dev/null || echo 0) + 1 )); echo $count > "{{_bin}}/count"
            if {{(otherFailure ? "true" : "false")}}; then echo "DefaultAzureCredential failed to retrieve a token" >&2; exit 1; fi
            if [ $count -le {{authorizationFailures}} ]; then
              # What keys create prints for the table's 403 while the role assignment propagates.
              echo "error: Azure Table storage did not answer the key registry's request. (This request is not authorized to perform this operation using this permission.)" >&2
              exit 1
            fi
            printf '{\n  "id": "0192f3a4",\n  "tenant": "acme",\n  "name": null,\n  "key": "conv_issued_by_the_registry",\n  "created_at": "2026-12-01T00:00:00Z"\n}\n'
            """);
        WriteScript("azd", $"""echo "$*" >> "{_bin}/azd.calls" """);

        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RepositoryFiles.Path("infra", "hooks", "postprovision.sh"));
        start.Environment["PATH"] = $"{_bin}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["AZURE_STORAGE_TABLE_ENDPOINT"] = Templates.TableEndpoint;
        start.Environment["API_KEY_TENANT"] = "acme";
        start.Environment["API_KEY_RETRY_SECONDS"] = "0";
        start.Environment.Remove("API_KEY");
        if (existingKey is not null)
        {
            start.Environment["API_KEY"] = existingKey;
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new HookRun(process.ExitCode, output, Lines("dotnet.calls"), Lines("dotnet.env"), Lines("azd.calls"));
    }

    private void WriteScript(string name, string body)
    {
        var path = Path.Combine(_bin, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private string[] Lines(string file) =>
        File.Exists(Path.Combine(_bin, file)) ? File.ReadAllLines(Path.Combine(_bin, file)) : [];

    private sealed record HookRun(int ExitCode, string Output, string[] DotnetCalls, string[] DotnetEnvironment, string[] AzdCalls);
}
