using System.Net;
using System.Text;
using System.Text.Json;
using Conversations.Api.Tests.Hosting;

namespace Conversations.Api.Tests.Hostile;

/// <summary>
/// Input an attacker or a broken client sends: every such request is refused with the dialect's own
/// error, before anything is written, and no later list breaks because of it.
/// </summary>
public abstract class HostileInputTests<THost>(THost host) : IClassFixture<THost> where THost : ApiHost
{
    private static readonly byte[] InvalidUtf8 = [0xC3, 0x28];

    [Theory]
    [MemberData(nameof(HostileRequests.Bodies), MemberType = typeof(HostileRequests))]
    public async Task A_hostile_body_is_refused_in_the_dialects_envelope_and_changes_nothing(string name, string method, string path, string body, HttpStatusCode status)
    {
        var (client, id, before) = await TenantWithOneConversationAsync();
        path = path.Replace("{id}", id, StringComparison.Ordinal);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        });

        await DialectErrors.AssertEnvelopeAsync(response, path, status);
        Assert.True(before == await WorkspaceAsync(client), name);
    }

    [Theory]
    [InlineData("/v1/conversations", HttpStatusCode.BadRequest)]
    [InlineData("/openai/v1/conversations", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/conversations", HttpStatusCode.UnprocessableEntity)]
    public async Task Invalid_utf8_in_a_body_is_refused_and_changes_nothing(string path, HttpStatusCode status)
    {
        var (client, _, before) = await TenantWithOneConversationAsync();
        var body = new List<byte>(Encoding.UTF8.GetBytes("{\"user\":\"u\",\"user_id\":\"u\",\"name\":\""));
        body.AddRange(InvalidUtf8);
        body.AddRange(Encoding.UTF8.GetBytes("\"}"));
        using var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = new("application/json");

        var response = await client.PostAsync(path, content);

        await DialectErrors.AssertEnvelopeAsync(response, path, status);
        Assert.Equal(before, await WorkspaceAsync(client));
    }

    [Theory]
    [InlineData("/v1/conversations", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("/openai/v1/conversations", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("/api/v1/conversations", HttpStatusCode.UnsupportedMediaType)]
    public async Task A_body_declared_as_plain_text_is_refused_with_415(string path, HttpStatusCode status)
    {
        var (client, _, before) = await TenantWithOneConversationAsync();

        var response = await client.PostAsync(path, new StringContent("""{"user":"u","user_id":"u"}""", Encoding.UTF8, "text/plain"));

        await DialectErrors.AssertEnvelopeAsync(response, path, status);
        Assert.Equal(before, await WorkspaceAsync(client));
    }

    [Theory]
    [InlineData("/v1/conversations?user=u&limit=5%00", HttpStatusCode.BadRequest)]
    [InlineData("/v1/conversations?user=u&limit=%205", HttpStatusCode.BadRequest)]
    [InlineData("/v1/conversations?user=a%00b", HttpStatusCode.BadRequest)]
    [InlineData("/openai/v1/conversations?limit=5%00", HttpStatusCode.BadRequest)]
    [InlineData("/openai/v1/conversations?limit=1e1", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/conversations?limit=5%00", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/api/v1/conversations?search=a%00", HttpStatusCode.UnprocessableEntity)]
    public async Task Query_values_with_nul_or_stray_characters_are_refused(string path, HttpStatusCode status)
    {
        var client = host.NewTenant().Client();

        await DialectErrors.AssertEnvelopeAsync(await client.GetAsync(path), path, status);
    }

    [Theory]
    [InlineData("GET", "/v1/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("GET", "/openai/v1/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("GET", "/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("PUT", "/v1/conversations", HttpStatusCode.MethodNotAllowed)]
    [InlineData("PATCH", "/openai/v1/conversations", HttpStatusCode.MethodNotAllowed)]
    [InlineData("PUT", "/api/v1/conversations", HttpStatusCode.MethodNotAllowed)]
    public async Task Unknown_routes_and_wrong_methods_answer_with_a_body_in_the_dialects_envelope(string method, string path, HttpStatusCode status)
    {
        var client = host.NewTenant().Client();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await DialectErrors.AssertEnvelopeAsync(response, path, status);
    }

    [Theory]
    [InlineData("/v1/conversations")]
    [InlineData("/openai/v1/conversations")]
    [InlineData("/api/v1/conversations")]
    public async Task Oversized_urls_headers_and_bodies_answer_with_a_body(string path)
    {
        var client = host.NewTenant().Client();

        await DialectErrors.AssertEnvelopeAsync(await client.GetAsync(path + "?search=" + new string('a', 9000)), path, HttpStatusCode.RequestUriTooLong);
        using var bigHeaders = new HttpRequestMessage(HttpMethod.Get, path);
        bigHeaders.Headers.Add("X-Filler", new string('h', 40_000));
        await DialectErrors.AssertEnvelopeAsync(await client.SendAsync(bigHeaders), path, HttpStatusCode.RequestHeaderFieldsTooLarge);
        var bigBody = new StringContent($$"""{"user":"u","name":"{{new string('b', 1_100_000)}}"}""", Encoding.UTF8, "application/json");
        await DialectErrors.AssertEnvelopeAsync(await client.PostAsync(path, bigBody), path, HttpStatusCode.RequestEntityTooLarge);
    }

    /// <summary>A fresh tenant with one conversation (and a variable), and the workspace as the lists show it.</summary>
    private async Task<(HttpClient Client, string Id, string Workspace)> TenantWithOneConversationAsync()
    {
        var client = host.NewTenant().Client();
        var created = await client.PostAsync("/api/v1/conversations", new StringContent(
            """{"user_id":"u","title":"kept","meta_data":{"n":1},"settings":{"s":true}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        return (client, id, await WorkspaceAsync(client));
    }

    /// <summary>Everything the tenant holds, through each dialect's list: answers 200, and any change shows.</summary>
    private static async Task<string> WorkspaceAsync(HttpClient client)
    {
        var lists = new StringBuilder();
        foreach (var path in new[] { "/api/v1/conversations?limit=100", "/openai/v1/conversations?limit=100", "/v1/conversations?user=u&limit=100" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            lists.AppendLine(await response.Content.ReadAsStringAsync());
        }

        return lists.ToString();
    }
}

/// <summary>Write bodies no client of ours should send, and what each dialect answers them.</summary>
public static class HostileRequests
{
    private const string Surrogate = @"\ud800";

    // (name, method, path with {id} for an existing conversation, JSON body, expected status)
    public static TheoryData<string, string, string, string, HttpStatusCode> Bodies() => new()
    {
        { "unpaired surrogate in Dify inputs", "POST", "/v1/conversations", $$$"""{"user":"u","inputs":{"k":"{{{Surrogate}}}"}}""", HttpStatusCode.BadRequest },
        { "unpaired surrogate in a Dify name", "POST", "/v1/conversations/{id}/name", $$$"""{"user":"u","name":"a{{{Surrogate}}}"}""", HttpStatusCode.BadRequest },
        { "unpaired surrogate in a variable value", "POST", "/v1/conversations/{id}/variables", $$$"""{"user":"u","name":"v","value_type":"object","value":{"x":["{{{Surrogate}}}"]}}""", HttpStatusCode.BadRequest },
        { "unpaired surrogate in a property name", "POST", "/v1/conversations", $$$"""{"user":"u","inputs":{"{{{Surrogate}}}":1}}""", HttpStatusCode.BadRequest },
        { "unpaired surrogate in OpenAI metadata", "POST", "/openai/v1/conversations/{id}", $$$"""{"metadata":{"k":"{{{Surrogate}}}"}}""", HttpStatusCode.BadRequest },
        { "unpaired surrogate in Mielto meta_data", "POST", "/api/v1/conversations", $$$$"""{"user_id":"u","meta_data":{"deep":{"k":"{{{{Surrogate}}}}"}}}""", HttpStatusCode.UnprocessableEntity },
        { "unpaired surrogate in Mielto settings", "PATCH", "/api/v1/conversations/{id}", $$$"""{"settings":{"k":"{{{Surrogate}}}"}}""", HttpStatusCode.UnprocessableEntity },
        { "unpaired surrogate in a Mielto title", "PATCH", "/api/v1/conversations/{id}", $$$"""{"title":"{{{Surrogate}}}x"}""", HttpStatusCode.UnprocessableEntity },
        { "NUL in a Dify name", "POST", "/v1/conversations", """{"user":"u","name":"a\u0000b"}""", HttpStatusCode.BadRequest },
        { "NUL in a Mielto title", "POST", "/api/v1/conversations", """{"user_id":"u","title":"a\u0000"}""", HttpStatusCode.UnprocessableEntity },
        { "duplicate property in Dify", "POST", "/v1/conversations", """{"user":"u","name":"a","name":"b"}""", HttpStatusCode.BadRequest },
        { "duplicate property in OpenAI", "POST", "/openai/v1/conversations", """{"metadata":{"k":"a","k":"b"}}""", HttpStatusCode.BadRequest },
        { "duplicate property in Mielto", "PATCH", "/api/v1/conversations/{id}", """{"title":"a","title":"b"}""", HttpStatusCode.UnprocessableEntity },
        { "JSON nested 40 deep in Dify", "POST", "/v1/conversations", $$$$"""{"user":"u","inputs":{{{{Nested(40)}}}}}""", HttpStatusCode.BadRequest },
        { "JSON nested 40 deep in Mielto", "POST", "/api/v1/conversations", $$$$"""{"meta_data":{{{{Nested(40)}}}}}""", HttpStatusCode.UnprocessableEntity },
        { "not JSON at all", "POST", "/openai/v1/conversations", "{\"metadata\": {", HttpStatusCode.BadRequest },
        { "a JSON array instead of an object", "POST", "/api/v1/conversations", "[1,2]", HttpStatusCode.UnprocessableEntity },
    };

    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
}

public sealed class HostileInputTestsOnSqlite(SqliteApiHost host) : HostileInputTests<SqliteApiHost>(host);

public sealed class HostileInputTestsOnCosmos(CosmosApiHost host) : HostileInputTests<CosmosApiHost>(host);
