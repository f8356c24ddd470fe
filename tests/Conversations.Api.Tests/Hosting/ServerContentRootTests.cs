using System.Net;
using System.Security.Cryptography;
using Conversations.Testing;

namespace Conversations.Api.Tests.Hosting;

/// <summary>
/// The built server, started as an operator starts a published one: <c>dotnet Conversations.Server.dll</c>
/// from some other working directory. It must read its own appsettings.json (beside the dll), whose
/// log levels keep ASP.NET Core's per-request lines out of the log; without it, every request would
/// log several framework lines at Information.
/// </summary>
public sealed class ServerContentRootTests : IDisposable
{
    private readonly string _elsewhere = Directory.CreateTempSubdirectory("conversations-cwd-").FullName;

    [Fact]
    public async Task Started_from_another_working_directory_the_server_reads_its_own_appsettings()
    {
        var server = BuildOutput.Of("functions", "Conversations.Server");
        Assert.True(File.Exists(Path.Combine(server, "appsettings.json")));
        Assert.False(File.Exists(Path.Combine(_elsewhere, "appsettings.json")));

        await using (var process = await ServerProcess.StartAsync(Path.Combine(server, "Conversations.Server.dll"), _elsewhere, new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_CONTENTROOT"] = null,
            ["DOTNET_CONTENTROOT"] = null,
            ["Storage__Sqlite__Path"] = Path.Combine(_elsewhere, "conversations.db"),
            ["Cursors__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        }, TimeSpan.FromSeconds(60)))
        {
            using var client = new HttpClient { BaseAddress = process.BaseAddress };
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
            }

            await process.KillAsync();

            // appsettings.json sets Microsoft.AspNetCore to Warning: no "Request starting …" lines.
            Assert.DoesNotContain(process.Output, line => line.Contains("Request starting", StringComparison.Ordinal));
            Assert.Contains(process.Output, line => line.Contains($"Content root path: {server.TrimEnd(Path.DirectorySeparatorChar)}", StringComparison.Ordinal));
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_elsewhere, recursive: true);
    }
}
