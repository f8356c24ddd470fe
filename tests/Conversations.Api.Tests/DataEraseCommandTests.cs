using System.Net;
using System.Net.Http.Json;
using Conversations.Api.Tests.Hosting;
using static Conversations.Api.Tests.Dify.DifyTestApi;

namespace Conversations.Api.Tests;

/// <summary>
/// <c>data erase</c> on the server's executable, against the store a running server uses: an end
/// user's deletion request, on each store.
/// </summary>
public abstract class DataEraseCommandTests<THost>(THost host) : IClassFixture<THost> where THost : ApiHost
{
    [Fact]
    public async Task Erase_removes_every_conversation_and_variable_of_the_user_only_and_a_second_run_removes_nothing()
    {
        var tenant = host.NewTenant();
        var client = tenant.Client();
        foreach (var name in new[] { "first", "second" })
        {
            var id = await CreateAsync(client, "gone", name);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/v1/conversations/{id}/variables", new { user = "gone", name = "v", value_type = "string", value = "x" })).StatusCode);
        }

        var kept = await CreateAsync(client, "stays", "kept");

        var (code, output, error) = await host.RunCommandAsync("", "data", "erase", "--tenant", tenant.Id, "--user", "gone", "--yes");
        var again = await host.RunCommandAsync("", "data", "erase", "--tenant", tenant.Id, "--user", "gone", "--yes");

        Assert.True(code == 0, error);
        Assert.Equal($"Erased 2 conversation(s), 2 variable(s) and 0 item(s) of end user 'gone' of tenant '{tenant.Id}'.", output.Trim());
        Assert.Contains("erasing: ", error, StringComparison.Ordinal);
        Assert.Equal(0, again.Code);
        Assert.StartsWith("Erased 0 conversation(s), 0 variable(s) and 0 item(s)", again.Output, StringComparison.Ordinal);
        using var goneList = await GetJsonAsync(client, "/v1/conversations?user=gone");
        Assert.Equal(0, goneList.RootElement.GetProperty("data").GetArrayLength());
        using var stays = await GetJsonAsync(client, "/v1/conversations?user=stays");
        Assert.Equal([kept], stays.RootElement.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Without_yes_it_erases_only_after_the_confirmation_and_never_for_an_empty_user()
    {
        var tenant = host.NewTenant();
        var client = tenant.Client();
        await CreateAsync(client, "u", "c");

        var declined = await host.RunCommandAsync("no\n", "data", "erase", "--tenant", tenant.Id, "--user", "u");
        var emptyUser = await host.RunCommandAsync("yes\n", "data", "erase", "--tenant", tenant.Id, "--user", "");
        using (var list = await GetJsonAsync(client, "/v1/conversations?user=u"))
        {
            Assert.Equal(1, list.RootElement.GetProperty("data").GetArrayLength());
        }

        var confirmed = await host.RunCommandAsync("yes\n", "data", "erase", "--tenant", tenant.Id);

        Assert.Equal(1, declined.Code);
        Assert.Contains("Nothing was erased", declined.Error, StringComparison.Ordinal);
        Assert.Equal(1, emptyUser.Code);
        Assert.Contains("must not be empty", emptyUser.Error, StringComparison.Ordinal);
        Assert.Equal(0, confirmed.Code);
        Assert.Contains("EVERY end user", confirmed.Error, StringComparison.Ordinal);
        Assert.StartsWith("Erased 1 conversation(s)", confirmed.Output, StringComparison.Ordinal);
        using var after = await GetJsonAsync(client, "/v1/conversations?user=u");
        Assert.Equal(0, after.RootElement.GetProperty("data").GetArrayLength());
    }
}

public sealed class DataEraseCommandTestsOnSqlite(SqliteApiHost host) : DataEraseCommandTests<SqliteApiHost>(host);

public sealed class DataEraseCommandTestsOnCosmos(CosmosApiHost host) : DataEraseCommandTests<CosmosApiHost>(host);
