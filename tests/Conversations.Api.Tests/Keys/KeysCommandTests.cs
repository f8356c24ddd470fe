using System.Net;
using System.Text;
using System.Text.Json;
using Conversations.Keys;
using Conversations.Testing;

namespace Conversations.Api.Tests.Keys;

/// <summary>The <c>keys</c> command against a server on the default (SQLite) registry: what it prints, and that its keys work.</summary>
public sealed class KeysCommandTests : IDisposable
{
    private readonly KeyServer _server = new();

    [Fact]
    public async Task A_key_from_keys_create_works_in_every_dialect_until_keys_revoke_and_the_cache_time()
    {
        var (code, output, _) = await _server.KeysAsync("create", "--tenant", "acme", "--name", "ci", "--json");

        Assert.Equal(0, code);
        var created = JsonDocument.Parse(output).RootElement;
        Assert.Equal(["id", "tenant", "name", "key", "created_at", "read_only", "require_user", "expires_at"], created.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("acme", "ci"), (created.GetProperty("tenant").GetString(), created.GetProperty("name").GetString()));
        Assert.Equal(DateTimeOffset.UtcNow, created.GetProperty("created_at").GetDateTimeOffset(), TimeSpan.FromMinutes(5));
        var key = created.GetProperty("key").GetString()!;
        Assert.Matches("^conv_[0-9A-Za-z]{38}$", key);
        using var client = _server.ClientWithKey(key);
        client.DefaultRequestHeaders.Add("X-Workspace-Id", "acme");
        string[] paths = ["/v1/conversations?user=u", "/openai/v1/conversations", "/api/v1/conversations"];
        foreach (var path in paths)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        }

        Assert.Equal(0, (await _server.KeysAsync("revoke", created.GetProperty("id").GetString()!)).Code);
        _server.Time.Advance(TimeSpan.FromSeconds(59));
        var withinTheCacheTime = await client.GetAsync("/openai/v1/conversations");
        _server.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, withinTheCacheTime.StatusCode);
        foreach (var path in paths)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(path)).StatusCode);
        }
    }

    [Fact]
    public async Task The_text_form_of_create_prints_the_key_once_with_its_id()
    {
        var (code, output, error) = await _server.KeysAsync("create", "--tenant", "acme");

        Assert.Equal(0, code);
        Assert.Empty(error);
        var key = Assert.Single(output.Split('\n'), l => l.StartsWith(ApiKeyFormat.Prefix, StringComparison.Ordinal));
        var listed = Assert.Single(JsonDocument.Parse((await _server.KeysAsync("list", "--json")).Output).RootElement.EnumerateArray());
        Assert.Contains(listed.GetProperty("id").GetString()!, output, StringComparison.Ordinal);
        Assert.Equal(1, output.Split(key).Length - 1);
        Assert.Equal(HttpStatusCode.OK, (await _server.ClientWithKey(key).GetAsync("/openai/v1/conversations")).StatusCode);
    }

    [Fact]
    public async Task Keys_list_shows_ids_tenants_names_and_revocations_but_never_keys_or_hashes()
    {
        var alpha = JsonDocument.Parse((await _server.KeysAsync("create", "--tenant", "alpha", "--name", "first", "--json")).Output).RootElement;
        var beta = JsonDocument.Parse((await _server.KeysAsync("create", "--tenant", "beta", "--json")).Output).RootElement;
        await _server.KeysAsync("revoke", beta.GetProperty("id").GetString()!);

        var all = await _server.KeysAsync("list", "--json");
        var alphaOnly = await _server.KeysAsync("list", "--tenant", "alpha", "--json");
        var text = await _server.KeysAsync("list");

        var listed = JsonDocument.Parse(all.Output).RootElement.EnumerateArray().ToList();
        Assert.Equal(
            ["id", "tenant", "name", "read_only", "require_user", "created_at", "expires_at", "revoked_at", "last_used_at"],
            listed[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["alpha", "beta"], listed.Select(k => k.GetProperty("tenant").GetString()));
        Assert.Equal(JsonValueKind.Null, listed[0].GetProperty("revoked_at").ValueKind);
        Assert.Equal(JsonValueKind.String, listed[1].GetProperty("revoked_at").ValueKind);
        Assert.Equal(["alpha"], JsonDocument.Parse(alphaOnly.Output).RootElement.EnumerateArray().Select(k => k.GetProperty("tenant").GetString()));
        Assert.Contains("first", text.Output, StringComparison.Ordinal);
        Assert.Contains("revoked", text.Output, StringComparison.Ordinal);
        foreach (var created in new[] { alpha, beta })
        {
            var key = created.GetProperty("key").GetString()!;
            Assert.Contains(created.GetProperty("id").GetString()!, text.Output, StringComparison.Ordinal);
            foreach (var printed in new[] { all.Output, alphaOnly.Output, text.Output })
            {
                Assert.DoesNotContain(key, printed, StringComparison.Ordinal);
                Assert.DoesNotContain(ApiKeyFormat.Hash(key), printed, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task The_key_never_reaches_the_registry_file_or_the_logs()
    {
        var created = JsonDocument.Parse((await _server.KeysAsync("create", "--tenant", "acme", "--json")).Output).RootElement;
        var key = created.GetProperty("key").GetString()!;
        using var client = _server.ClientWithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openai/v1/conversations")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.ClientWithKey(ApiKeyFormat.NewKey()).GetAsync("/openai/v1/conversations")).StatusCode);
        await _server.KeysAsync("revoke", created.GetProperty("id").GetString()!);
        _server.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/openai/v1/conversations")).StatusCode);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var file = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(_server.RegistryPath));
        var logs = _server.Logs.GetSnapshot();

        Assert.Contains(ApiKeyFormat.Hash(key), file, StringComparison.Ordinal);
        Assert.DoesNotContain(key, file, StringComparison.Ordinal);
        Assert.NotEmpty(logs);
        Assert.All(logs, r => Assert.DoesNotContain(key, r.Message + r.Exception, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("30d", 30 * 86_400)]
    [InlineData("12h", 12 * 3_600)]
    [InlineData("45m", 45 * 60)]
    [InlineData("90s", 90)]
    public async Task Create_with_permissions_and_an_expiry_is_listed_with_them_and_the_key_stops_when_it_expires(string expiresIn, int seconds)
    {
        var created = JsonDocument.Parse((await _server.KeysAsync("create", "--tenant", "acme", "--read-only", "--require-user", "--expires-in", expiresIn, "--json")).Output).RootElement;
        using var client = _server.ClientWithKey(created.GetProperty("key").GetString()!);

        var expiresAt = created.GetProperty("expires_at").GetDateTimeOffset();
        // The command issues with the real clock; the server's clock is moved to the key's last moment and past it.
        _server.Time.Advance(expiresAt - _server.Time.GetUtcNow() - TimeSpan.FromMilliseconds(1));
        var beforeExpiry = await client.GetAsync("/api/v1/conversations?user_id=u");
        _server.Time.Advance(TimeSpan.FromMilliseconds(1));
        var atExpiry = await client.GetAsync("/api/v1/conversations?user_id=u");
        var listed = JsonDocument.Parse((await _server.KeysAsync("list", "--json")).Output).RootElement[0];
        var text = (await _server.KeysAsync("list")).Output;

        Assert.True(created.GetProperty("read_only").GetBoolean());
        Assert.True(created.GetProperty("require_user").GetBoolean());
        Assert.Equal(TimeSpan.FromSeconds(seconds), expiresAt - created.GetProperty("created_at").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, beforeExpiry.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, atExpiry.StatusCode);
        Assert.True(listed.GetProperty("read_only").GetBoolean());
        Assert.True(listed.GetProperty("require_user").GetBoolean());
        Assert.Equal(expiresAt, listed.GetProperty("expires_at").GetDateTimeOffset());
        Assert.Contains("read-only, require-user", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_without_flags_has_full_access_and_no_expiry_and_the_list_shows_when_it_was_last_used()
    {
        var created = JsonDocument.Parse((await _server.KeysAsync("create", "--tenant", "acme", "--json")).Output).RootElement;
        var before = JsonDocument.Parse((await _server.KeysAsync("list", "--json")).Output).RootElement[0];

        Assert.Equal(HttpStatusCode.OK, (await _server.ClientWithKey(created.GetProperty("key").GetString()!).GetAsync("/openai/v1/conversations")).StatusCode);

        Assert.False(created.GetProperty("read_only").GetBoolean());
        Assert.False(created.GetProperty("require_user").GetBoolean());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("expires_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("last_used_at").ValueKind);
        // Recorded in the background, off the request's path: wait for it.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        JsonElement after;
        do
        {
            deadline.Token.ThrowIfCancellationRequested();
            after = JsonDocument.Parse((await _server.KeysAsync("list", "--json")).Output).RootElement[0];
        }
        while (after.GetProperty("last_used_at").ValueKind == JsonValueKind.Null);

        Assert.Equal(TestData.Epoch, after.GetProperty("last_used_at").GetDateTimeOffset());
        Assert.Contains("full", (await _server.KeysAsync("list")).Output, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> Mistakes() => new()
    {
        { ["revoke", "no-such-id"], "no key has the id 'no-such-id'" },
        { ["create"], "--tenant" },
        { ["create", "--tenant", " padded "], "The tenant must be" },
        { ["create", "--tenant", "acme", "--name", new string('n', ApiKeyRegistry.MaxNameLength + 1)], "The name must be" },
        { ["frobnicate"], "frobnicate" },
        { ["create", "--tenant", "acme", "--expires-in", "soon"], "--expires-in must be" },
        { ["create", "--tenant", "acme", "--expires-in", "0d"], "--expires-in must be" },
        { ["create", "--tenant", "acme", "--expires-in", "-5m"], "--expires-in must be" },
        { ["create", "--tenant", "acme", "--expires-in", "12w"], "--expires-in must be" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task A_mistake_exits_non_zero_with_a_message_and_issues_nothing(string[] args, string message)
    {
        var (code, _, error) = await _server.KeysAsync(args);

        Assert.NotEqual(0, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Equal("[]", (await _server.KeysAsync("list", "--json")).Output.Trim());
    }

    [Fact]
    public async Task Settings_that_name_no_registry_fail_with_a_message_naming_the_setting()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await Conversations.Server.ServerCommands.RunAsync(
            ["keys", "list"], output, error, new Dictionary<string, string?> { ["Auth:KeyStore:Provider"] = "Tables" });

        Assert.Equal(1, code);
        Assert.Contains("Auth__KeyStore__Tables__Endpoint", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task A_registry_that_does_not_answer_fails_with_a_message()
    {
        var absent = AzuriteTableServer.NotStarted();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await Conversations.Server.ServerCommands.RunAsync(
            ["keys", "create", "--tenant", "acme"], output, error, absent.KeyStoreSettings(AzuriteTableServer.NewTableName()));

        Assert.Equal(1, code);
        Assert.Contains("did not answer", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    public void Dispose() => _server.Dispose();
}
