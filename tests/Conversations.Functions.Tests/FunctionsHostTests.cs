using System.Net;
using System.Text;
using System.Text.Json;
using Conversations.Api.Http;

namespace Conversations.Functions.Tests;

/// <summary>The real Functions app, run by its worker under the local Functions host, answers the API.</summary>
public sealed class FunctionsHostTests(FunctionsAppOnSqlite app) : IClassFixture<FunctionsAppOnSqlite>
{
    [Fact]
    public async Task A_request_without_a_key_gets_the_dialects_401()
    {
        using var client = app.Host.CreateClient();

        var response = await client.GetAsync("/v1/conversations?user=u");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unauthorized", body.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_configured_key_lists_the_conversations_it_created()
    {
        using var client = app.Client();
        var id = await CreateAsync(client, "/v1/conversations", """{"user":"lister","name":"listed"}""");

        var response = await client.GetAsync("/v1/conversations?user=lister");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var item = Assert.Single(body.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal(id, item.GetProperty("id").GetString());
        Assert.Equal("listed", item.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Every_route_of_the_route_table_reaches_its_function()
    {
        // Without a key every route refuses with 401 in its dialect's envelope: its own function ran.
        // Routed anywhere else (the catch-all, or nowhere) the answer would be a 404 or a 405.
        using var client = app.Host.CreateClient();
        var unknownId = Guid.NewGuid().ToString();

        foreach (var route in ApiRoutes.All)
        {
            var path = "/" + route.Template.Replace("{conversation_id}", unknownId, StringComparison.Ordinal).Replace("{variable_id}", unknownId, StringComparison.Ordinal);
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), path));

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route.Name}: {route.Method} {path} answered {(int)response.StatusCode}");
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Route_values_reach_the_function_that_uses_them()
    {
        using var client = app.Client();
        var conversation = await CreateAsync(client, "/v1/conversations", """{"user":"u","name":"with variables"}""");
        var variable = await CreateAsync(client, $"/v1/conversations/{conversation}/variables", """{"user":"u","name":"city","value_type":"string","value":"Paris"}""");

        var update = await client.PutAsync($"/v1/conversations/{conversation}/variables/{variable}", Json("""{"user":"u","value":"Lyon"}"""));
        var openAI = await CreateAsync(client, "/openai/v1/conversations", """{"metadata":{"k":"v"}}""");
        var mielto = await CreateAsync(client, "/api/v1/conversations", """{"user_id":"u","title":"t"}""");

        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        using var updated = JsonDocument.Parse(await update.Content.ReadAsStringAsync());
        Assert.Equal(variable, updated.RootElement.GetProperty("id").GetString());
        Assert.Equal("Lyon", updated.RootElement.GetProperty("value").GetString());
        Assert.Equal(openAI, await IdAsync(await client.GetAsync($"/openai/v1/conversations/{openAI}"), HttpStatusCode.OK));
        Assert.Equal(mielto, await IdAsync(await client.GetAsync($"/api/v1/conversations/{mielto}"), HttpStatusCode.OK));
    }

    [Theory]
    [InlineData("GET", "/v1/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("PATCH", "/v1/conversations", HttpStatusCode.MethodNotAllowed)]
    public async Task A_request_no_route_takes_goes_to_the_apps_catch_all_after_every_specific_route(string method, string path, HttpStatusCode status)
    {
        using var client = app.Client();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, body.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_request_no_function_takes_is_the_hosts_own_empty_404()
    {
        // The app's catch-all takes every method a client sends in practice; the host answers the rest itself.
        using var client = app.Client();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod("PROPFIND"), "/v1/conversations"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Concurrent_requests_each_get_their_own_answer()
    {
        // The worker pairs each forwarded request with its invocation by id; a mix-up would hand one
        // caller another's conversation.
        using var client = app.Client();
        var names = Enumerable.Range(0, 40).Select(i => $"concurrent-{i}-{Guid.NewGuid():N}").ToList();

        var answers = await Task.WhenAll(names.Select(async name =>
        {
            var response = await client.PostAsync("/v1/conversations", Json($$"""{"user":"crowd","name":"{{name}}"}"""));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return body.RootElement.GetProperty("name").GetString();
        }));

        Assert.Equal(names, answers);
    }

    private static async Task<string> CreateAsync(HttpClient client, string path, string body)
    {
        // Mielto answers a create with 201, the others with 200.
        var response = await client.PostAsync(path, Json(body));
        return await IdAsync(response, path.StartsWith("/api/", StringComparison.Ordinal) ? HttpStatusCode.Created : HttpStatusCode.OK);
    }

    private static async Task<string> IdAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
