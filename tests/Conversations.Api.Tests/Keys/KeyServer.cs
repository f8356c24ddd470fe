using System.Security.Cryptography;
using Conversations.Server;
using Conversations.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Conversations.Api.Tests.Keys;

/// <summary>
/// The server as it runs in production, with no configured keys: every key comes from the registry,
/// through the <c>keys</c> command run with the same settings. Its clock stands still unless moved,
/// and every log record is captured.
/// </summary>
public sealed class KeyServer(IReadOnlyDictionary<string, string?>? keyStoreSettings = null) : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"conversations-keyserver-{Guid.NewGuid():N}");
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public FrozenTime Time { get; } = new(TestData.Epoch);

    /// <summary>Where the SQLite registry lives unless <c>keyStoreSettings</c> chose another store.</summary>
    public string RegistryPath => Path.Combine(_folder, "apikeys.db");

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(keyStoreSettings ?? new Dictionary<string, string?>())
    {
        ["Storage:Provider"] = "Sqlite",
        ["Storage:Sqlite:Path"] = Path.Combine(_folder, "conversations.db"),
        ["Cursors:SigningKey"] = _signingKey,
        ["Logging:LogLevel:Default"] = "Debug",
    };

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    /// <summary>Runs <c>keys …</c> as the server's executable would, with the server's settings.</summary>
    public async Task<(int Code, string Output, string Error)> KeysAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ServerCommands.RunAsync(["keys", .. args], output, error, Settings);
        return (code, output.ToString(), error.ToString());
    }

    public HttpClient ClientWithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Production");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddFakeLogging());
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
