using System.Net;
using Conversations.Api.Auth;
using Conversations.Api.Composition;
using Conversations.Keys;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Conversations.Api.Tests.Keys;

/// <summary>In Development the server issues a registry key for the local tenant at start, once, and prints it only to the console.</summary>
public sealed class DevelopmentApiKeyTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"conversations-devkey-{Guid.NewGuid():N}");

    [Fact]
    public async Task The_first_start_prints_a_working_key_once_and_later_starts_print_nothing()
    {
        using var firstConsole = new StringWriter();
        string key;
        await using (var first = Development(firstConsole))
        {
            using var client = first.CreateClient();
            key = Assert.Single(firstConsole.ToString().Split('\n').Select(l => l.Trim()), l => l.StartsWith(ApiKeyFormat.Prefix, StringComparison.Ordinal));
            Assert.All(first.Services.GetFakeLogCollector().GetSnapshot(), r => Assert.DoesNotContain(key, r.Message, StringComparison.Ordinal));
        }

        using var secondConsole = new StringWriter();
        await using var second = Development(secondConsole);
        using var secondClient = second.CreateClient();
        secondClient.DefaultRequestHeaders.Authorization = new("Bearer", key);
        secondClient.DefaultRequestHeaders.Add("X-Workspace-Id", DevelopmentApiKey.Tenant);

        Assert.Empty(secondConsole.ToString());
        Assert.Equal(HttpStatusCode.OK, (await secondClient.GetAsync("/api/v1/conversations")).StatusCode);
        var keys = await second.Services.GetRequiredService<ApiKeyRegistry>().ListAsync(null, CancellationToken.None);
        Assert.Equal((DevelopmentApiKey.Tenant, ApiKeyFormat.Hash(key)), (Assert.Single(keys).Tenant, keys[0].KeySha256));
    }

    [Fact]
    public void Registering_the_services_reads_no_file_creates_nothing_and_prints_nothing()
    {
        using var console = new StringWriter();
        var registry = Path.Combine(_folder, "registry", "apikeys.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:KeyStore:Sqlite:Path"] = registry,
            ["Storage:Sqlite:Path"] = Path.Combine(_folder, "store", "conversations.db"),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddKeyedSingleton<TextWriter>(DevelopmentApiKey.ConsoleServiceKey, console);
        var development = new HostingEnvironment { EnvironmentName = "Development" };

        services.AddConversationsApi(configuration, development).AddDevelopmentApiKey(development);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<ApiKeyAuthenticator>();

        Assert.Contains(provider.GetServices<IHostedService>(), s => s is DevelopmentApiKey);
        Assert.False(Directory.Exists(Path.GetDirectoryName(registry)));
        Assert.Empty(console.ToString());
    }

    [Fact]
    public void The_shared_composition_issues_no_key_because_a_functions_workers_console_reaches_the_host_logs()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = Path.Combine(_folder, "conversations.db"),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);

        services.AddConversationsApi(configuration, new HostingEnvironment { EnvironmentName = "Development" });
        using var provider = services.BuildServiceProvider();

        Assert.DoesNotContain(provider.GetServices<IHostedService>(), s => s is DevelopmentApiKey);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private WebApplicationFactory<Program> Development(TextWriter console) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Storage:Sqlite:Path", Path.Combine(_folder, "conversations.db"));
            b.ConfigureLogging(logging => logging.AddFakeLogging());
            b.ConfigureTestServices(s => s.AddKeyedSingleton(DevelopmentApiKey.ConsoleServiceKey, console));
        });
}
