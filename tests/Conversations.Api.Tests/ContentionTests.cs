using System.Net;
using System.Text;
using System.Text.Json;
using Conversations.Api.Tests.Hosting;

namespace Conversations.Api.Tests;

/// <summary>
/// Many clients writing one conversation at once all succeed: renames and updates set fields without
/// reading them first, so no writer can lose to another (no 409, no 503 from contention).
/// </summary>
public abstract class ContentionTests<THost>(THost host) : IClassFixture<THost> where THost : ApiHost
{
    [Fact]
    public async Task Fifty_concurrent_renames_of_one_conversation_all_succeed_and_one_of_them_is_kept()
    {
        var client = host.NewTenant().Client();
        var created = await client.PostAsync("/v1/conversations", Json("""{"user":"u","name":"start"}"""));
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();

        var renames = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => client.PostAsync($"/v1/conversations/{id}/name", Json($$"""{"user":"u","name":"name {{i}}"}"""))));

        Assert.All(renames, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        using var list = JsonDocument.Parse(await client.GetStringAsync("/v1/conversations?user=u"));
        Assert.Matches("^name [0-9]+$", Assert.Single(list.RootElement.GetProperty("data").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Fifty_concurrent_updates_through_three_dialects_all_succeed()
    {
        var client = host.NewTenant().Client();
        var created = await client.PostAsync("/api/v1/conversations", Json("""{"user_id":"u","title":"start"}"""));
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();

        var writes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => (i % 3) switch
        {
            0 => client.PostAsync($"/v1/conversations/{id}/name", Json($$"""{"user":"u","name":"dify {{i}}"}""")),
            1 => client.PostAsync($"/openai/v1/conversations/{id}", Json($$$"""{"metadata":{"i":"{{{i}}}"}}""")),
            _ => client.PatchAsync($"/api/v1/conversations/{id}", Json($$"""{"status":"s{{i}}","summary":"m{{i}}"}""")),
        }));

        Assert.All(writes, w => Assert.Equal(HttpStatusCode.OK, w.StatusCode));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}

public sealed class ContentionTestsOnSqlite(SqliteApiHost host) : ContentionTests<SqliteApiHost>(host);

public sealed class ContentionTestsOnCosmos(CosmosApiHost host) : ContentionTests<CosmosApiHost>(host);

[Collection(OnSharedFunctionsApp.Name)]
public sealed class ContentionTestsOnFunctions(FunctionsApiHost host) : ContentionTests<FunctionsApiHost>(host);
