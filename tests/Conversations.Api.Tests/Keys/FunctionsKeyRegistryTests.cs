using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Conversations.Server;
using Conversations.Testing;

namespace Conversations.Api.Tests.Keys;

/// <summary>
/// The Functions app takes its keys from the same registry as the server: a key the <c>keys</c>
/// command issues into Azure Table storage (Azurite) authenticates through the real worker, and
/// stops within the cache time once revoked.
/// </summary>
public sealed class FunctionsKeyRegistryTests : IAsyncLifetime
{
    private readonly AzuriteTableServer _azurite = new();
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"conversations-functions-keys-{Guid.NewGuid():N}.db");
    private FunctionsHostProcess? _app;
    private Dictionary<string, string?> _settings = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _settings = new Dictionary<string, string?>(_azurite.KeyStoreSettings(AzuriteTableServer.NewTableName()))
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:Path"] = _data,
            ["Cursors:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Auth:KeyCacheSeconds"] = "1",
        };
        var environment = _settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? "");
        environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production";
        _app = await FunctionsHostProcess.StartAsync(environment);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _azurite.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(_data) + "*"))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_key_issued_by_the_keys_command_works_through_the_worker_until_it_is_revoked()
    {
        using var created = new StringWriter();
        Assert.Equal(0, await ServerCommands.RunAsync(["keys", "create", "--tenant", "acme", "--json"], created, new StringWriter(), _settings));
        using var issued = JsonDocument.Parse(created.ToString());
        var client = _app!.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.RootElement.GetProperty("key").GetString());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openai/v1/conversations")).StatusCode);
        Assert.Equal(0, await ServerCommands.RunAsync(["keys", "revoke", issued.RootElement.GetProperty("id").GetString()!], new StringWriter(), new StringWriter(), _settings));

        var refused = await Eventually.HoldsAsync(
            async () => (await client.GetAsync("/openai/v1/conversations")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(30));

        Assert.True(refused, "the revoked key still worked after the cache time");
        Assert.DoesNotContain(issued.RootElement.GetProperty("key").GetString()!, _app.Output, StringComparison.Ordinal);
    }
}
