using System.Diagnostics;
using System.Text.Json;

namespace Conversations.Api.Tests.Keys;

/// <summary>The server's executable itself: <c>keys</c> as its first argument runs the command, not the server.</summary>
public sealed class KeysCommandProcessTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"conversations-keyscli-{Guid.NewGuid():N}");

    [Fact]
    public async Task The_executable_issues_a_key_as_json_and_exits_non_zero_on_a_mistake()
    {
        var created = await RunAsync("keys", "create", "--tenant", "acme", "--json");
        var mistake = await RunAsync("keys", "revoke", "no-such-id");

        Assert.True(created.Code == 0, created.Error);
        var json = JsonDocument.Parse(created.Output).RootElement;
        Assert.Equal("acme", json.GetProperty("tenant").GetString());
        Assert.StartsWith("conv_", json.GetProperty("key").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, "apikeys.db")));
        Assert.Equal(1, mistake.Code);
        Assert.Contains("no key has the id", mistake.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Conversations.Server.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        // The registry beside the store's file: the default an operator gets.
        start.Environment["Storage__Sqlite__Path"] = Path.Combine(_folder, "conversations.db");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output, await error);
    }
}
