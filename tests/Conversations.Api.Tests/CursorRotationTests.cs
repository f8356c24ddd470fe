using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Conversations.Api.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Conversations.Api.Tests;

/// <summary>
/// Rotating the cursor signing key (docs/paging.md) on one store: a cursor signed with the old key is
/// accepted while the old key is listed in <c>Cursors__PreviousSigningKeys</c>, and refused once it is not.
/// </summary>
public sealed class CursorRotationTests : IDisposable
{
    private const string ApiKey = "rotation-key";

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"conversations-rotation-{Guid.NewGuid():N}.db");
    private readonly string _oldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly List<WebApplicationFactory<Program>> _servers = [];

    [Fact]
    public async Task An_old_key_cursor_is_accepted_while_the_key_is_previous_and_refused_after()
    {
        string oldCursor;
        using (var before = Client(Server(new() { ["Cursors:SigningKey"] = _oldKey })))
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.Created, (await before.PostAsJsonAsync("/api/v1/conversations", new { user_id = "u", title = $"c{i}" })).StatusCode);
            }

            oldCursor = await NextCursorAsync(before, "/api/v1/conversations?limit=1&user_id=u");
        }

        string newCursor;
        using (var rotated = Client(Server(new() { ["Cursors:SigningKey"] = _newKey, ["Cursors:PreviousSigningKeys"] = $"{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}, {_oldKey}" })))
        {
            var resumed = await rotated.GetAsync($"/api/v1/conversations?limit=1&user_id=u&cursor={Uri.EscapeDataString(oldCursor)}");
            Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
            newCursor = await NextCursorAsync(rotated, $"/api/v1/conversations?limit=1&user_id=u&cursor={Uri.EscapeDataString(oldCursor)}");
        }

        using var retired = Client(Server(new() { ["Cursors:SigningKey"] = _newKey }));
        var refused = await retired.GetAsync($"/api/v1/conversations?limit=1&user_id=u&cursor={Uri.EscapeDataString(oldCursor)}");
        var current = await retired.GetAsync($"/api/v1/conversations?limit=1&user_id=u&cursor={Uri.EscapeDataString(newCursor)}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var detail = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("detail")[0];
        Assert.Equal(["query", "cursor"], detail.GetProperty("loc").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        using var last = JsonDocument.Parse(await current.Content.ReadAsStringAsync());
        Assert.Equal("c0", Assert.Single(last.RootElement.GetProperty("data").EnumerateArray()).GetProperty("title").GetString());
    }

    public void Dispose()
    {
        foreach (var server in _servers)
        {
            server.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static async Task<string> NextCursorAsync(HttpClient client, string path)
    {
        using var page = JsonDocument.Parse(await client.GetStringAsync(path));
        return page.RootElement.GetProperty("next_cursor").GetString()!;
    }

    private static HttpClient Client(WebApplicationFactory<Program> server)
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", ApiKey);
        return client;
    }

    private WebApplicationFactory<Program> Server(Dictionary<string, string?> settings)
    {
        var server = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Storage:Sqlite:Path", _path);
            b.UseSetting("Auth:ApiKeys:0:Tenant", "t");
            b.UseSetting("Auth:ApiKeys:0:KeySha256", ApiKeyAuthenticator.HashKey(ApiKey));
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }
        });
        _servers.Add(server);
        return server;
    }
}
