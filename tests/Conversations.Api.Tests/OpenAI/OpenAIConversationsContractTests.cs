using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Conversations.Api.Tests.Hosting;

namespace Conversations.Api.Tests.OpenAI;

/// <summary>
/// /openai/v1/conversations against the OpenAI API reference, Conversations
/// (https://platform.openai.com/docs/api-reference/conversations), with Azure AI Foundry's additions
/// to its list (agent_name and agent_id filters, the x-ms-user-isolation-key header) from the
/// Microsoft Foundry Project REST reference
/// (https://learn.microsoft.com/azure/foundry/reference/foundry-project-rest-preview), and paged as
/// the official SDKs page (openai-python, openai-node: after = the previous page's last_id).
/// </summary>
public abstract class OpenAIConversationsContractTests<THost>(THost host) : IClassFixture<THost> where THost : ApiHost
{
    private const string IsolationKey = "x-ms-user-isolation-key";

    [Fact]
    public async Task List_answers_object_data_first_id_last_id_has_more_with_spec_items()
    {
        var client = host.NewTenant().Client();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var a = await CreateAsync(client, "u", """{"metadata": {"topic": "a"}}""");
        var b = await CreateAsync(client, "u", """{"metadata": {}}""");

        using var list = await GetAsync(client, "/openai/v1/conversations", "u");

        var root = list.RootElement;
        Assert.Equal(["data", "first_id", "has_more", "last_id", "object"], root.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("list", root.GetProperty("object").GetString());
        Assert.False(root.GetProperty("has_more").GetBoolean());
        var items = root.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([b, a], items.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(b, root.GetProperty("first_id").GetString());
        Assert.Equal(a, root.GetProperty("last_id").GetString());
        foreach (var item in items)
        {
            Assert.Equal(["created_at", "id", "metadata", "object"], item.EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal("conversation", item.GetProperty("object").GetString());
            Assert.InRange(item.GetProperty("created_at").GetInt64(), before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            Assert.Equal(JsonValueKind.Object, item.GetProperty("metadata").ValueKind);
        }

        Assert.Equal("a", items[1].GetProperty("metadata").GetProperty("topic").GetString());
    }

    [Fact]
    public async Task An_empty_list_has_null_first_and_last_ids()
    {
        using var list = await GetAsync(host.NewTenant().Client(), "/openai/v1/conversations", "nobody");

        Assert.Equal(0, list.RootElement.GetProperty("data").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, list.RootElement.GetProperty("first_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, list.RootElement.GetProperty("last_id").ValueKind);
        Assert.False(list.RootElement.GetProperty("has_more").GetBoolean());
    }

    [Theory]
    [InlineData("desc", 1)]
    [InlineData("desc", 3)]
    [InlineData("asc", 2)]
    [InlineData("asc", 7)]
    public async Task Paging_as_the_official_sdks_do_sees_every_conversation_once_in_order(string order, int limit)
    {
        var client = host.NewTenant().Client();
        var ids = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            ids.Add(await CreateAsync(client, "sdk", "{}"));
        }

        // The SDKs send after=<last_id> while has_more is true and last_id is set.
        var seen = new List<string>();
        string? after = null;
        for (var guard = 0; guard < 50; guard++)
        {
            using var page = await GetAsync(client, $"/openai/v1/conversations?order={order}&limit={limit}" + (after is null ? "" : $"&after={after}"), "sdk");
            var data = page.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
            var hasMore = page.RootElement.GetProperty("has_more").GetBoolean();
            Assert.False(hasMore && data.Count == 0);
            seen.AddRange(data);
            after = page.RootElement.GetProperty("last_id").GetString();
            if (!hasMore || after is null)
            {
                break;
            }
        }

        var expected = ids.Order(StringComparer.Ordinal).ToList();
        if (order == "desc")
        {
            expected.Reverse();
        }

        Assert.Equal(expected, seen);
    }

    [Theory]
    [InlineData("desc")]
    [InlineData("asc")]
    public async Task Before_returns_the_items_just_before_an_id_in_the_requested_order(string order)
    {
        var client = host.NewTenant().Client();
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await CreateAsync(client, "b", "{}"));
        }

        var ordered = order == "asc" ? ids.Order(StringComparer.Ordinal).ToList() : ids.Order(StringComparer.Ordinal).Reverse().ToList();

        using var page = await GetAsync(client, $"/openai/v1/conversations?order={order}&limit=2&before={ordered[4]}", "b");
        using var start = await GetAsync(client, $"/openai/v1/conversations?order={order}&limit=5&before={ordered[1]}", "b");

        Assert.Equal(ordered[2..4], page.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
        Assert.True(page.RootElement.GetProperty("has_more").GetBoolean());
        Assert.Equal([ordered[0]], start.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
        Assert.False(start.RootElement.GetProperty("has_more").GetBoolean());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("order=sideways", "order")]
    [InlineData("agent_id=no-version", "agent_id")]
    [InlineData("agent_id=name:1&agent_name=other", "agent_name")]
    [InlineData("after=01a2030b-f47c-73ff-9681-12c942bb223f&before=01a2030b-f47c-73ff-9681-12c942bb223f", "before")]
    public async Task Invalid_parameters_answer_400_in_openais_envelope_naming_the_param(string query, string param)
    {
        var response = await host.NewTenant().Client().GetAsync($"/openai/v1/conversations?{query}");

        var error = await AssertOpenAIErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_unknown_foreign_or_malformed_cursor_id_answers_404()
    {
        var client = host.NewTenant().Client();
        var others = await CreateAsync(client, "someone-else", "{}");
        var foreignTenant = await CreateAsync(host.NewTenant().Client(), "me", "{}");

        foreach (var id in new[] { Guid.CreateVersion7().ToString(), others, foreignTenant, "conv_123" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/openai/v1/conversations?after={id}");
            request.Headers.Add(IsolationKey, "me");
            var error = await AssertOpenAIErrorAsync(await client.SendAsync(request), HttpStatusCode.NotFound);
            Assert.Equal("after", error.GetProperty("param").GetString());
        }
    }

    [Fact]
    public async Task The_isolation_key_scopes_reads_to_one_user_and_its_absence_to_the_project()
    {
        var client = host.NewTenant().Client();
        var alice = await CreateAsync(client, "alice", "{}");
        var bob = await CreateAsync(client, "bob", "{}");

        using var alices = await GetAsync(client, "/openai/v1/conversations", "alice");
        using var project = await GetAsync(client, "/openai/v1/conversations", null);
        var bobsAsAlice = new HttpRequestMessage(HttpMethod.Get, $"/openai/v1/conversations/{bob}");
        bobsAsAlice.Headers.Add(IsolationKey, "alice");

        Assert.Equal([alice], alices.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal([alice, bob], project.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        await AssertOpenAIErrorAsync(await client.SendAsync(bobsAsAlice), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Agent_filters_match_the_agent_name_and_the_name_version_id()
    {
        var client = host.NewTenant().Client();
        var v1 = await CreateAsync(client, "u", """{"agent_id": "planner:1"}""");
        var v2 = await CreateAsync(client, "u", """{"agent_id": "planner:2"}""");
        var named = await CreateAsync(client, "u", """{"agent_name": "planner"}""");
        await CreateAsync(client, "u", """{"agent_id": "writer:1"}""");

        using var byName = await GetAsync(client, "/openai/v1/conversations?agent_name=planner&order=asc", "u");
        using var byId = await GetAsync(client, "/openai/v1/conversations?agent_id=planner:2", "u");

        Assert.Equal([v1, v2, named], byName.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal([v2], byId.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("""{"metadata": {"k1":"v","k2":"v","k3":"v","k4":"v","k5":"v","k6":"v","k7":"v","k8":"v","k9":"v","k10":"v","k11":"v","k12":"v","k13":"v","k14":"v","k15":"v","k16":"v","k17":"v"}}""", "metadata")]
    [InlineData("""{"metadata": {"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": "v"}}""", "metadata")]
    [InlineData("""{"metadata": {"n": 1}}""", "metadata")]
    [InlineData("""{"items": [{"type":"message"},{"type":"message"},{"type":"message"},{"type":"message"},{"type":"message"},{"type":"message"},{"type":"message"},{"type":"message"},{"type":"message"},{"type":"message"},{"type":"message"},{"type":"message"},{"type":"message"},{"type":"message"},{"type":"message"},{"type":"message"},{"type":"message"},{"type":"message"},{"type":"message"},{"type":"message"},{"type":"message"}]}""", "items")]
    [InlineData("""{"items": [42]}""", "items[0]")]
    public async Task Invalid_creates_answer_400_and_store_nothing(string body, string param)
    {
        var client = host.NewTenant().Client();

        var response = await client.PostAsync("/openai/v1/conversations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var error = await AssertOpenAIErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(param, error.GetProperty("param").GetString());
        using var list = await GetAsync(client, "/openai/v1/conversations", null);
        Assert.Equal(0, list.RootElement.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task A_value_of_512_characters_and_16_pairs_are_accepted_but_513_is_not()
    {
        var client = host.NewTenant().Client();
        var sixteen = string.Join(",", Enumerable.Range(0, 16).Select(i => $"\"k{i}\":\"{new string('v', 512)}\""));

        var ok = await client.PostAsync("/openai/v1/conversations", new StringContent($"{{\"metadata\":{{{sixteen}}}}}", System.Text.Encoding.UTF8, "application/json"));
        var tooLong = await client.PostAsync("/openai/v1/conversations", new StringContent($"{{\"metadata\":{{\"k\":\"{new string('v', 513)}\"}}}}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await AssertOpenAIErrorAsync(tooLong, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Update_replaces_metadata_and_delete_answers_the_deleted_object_then_404()
    {
        var client = host.NewTenant().Client();
        var id = await CreateAsync(client, "u", """{"metadata": {"old": "1"}}""");

        var updated = await client.PostAsJsonAsync($"/openai/v1/conversations/{id}", new { metadata = new { @new = "2" } });
        using var updatedBody = JsonDocument.Parse(await updated.Content.ReadAsStringAsync());
        var deleted = await client.DeleteAsync($"/openai/v1/conversations/{id}");
        using var deletedBody = JsonDocument.Parse(await deleted.Content.ReadAsStringAsync());
        var again = await client.DeleteAsync($"/openai/v1/conversations/{id}");
        var get = await client.GetAsync($"/openai/v1/conversations/{id}");

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(["new"], updatedBody.RootElement.GetProperty("metadata").EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(["deleted", "id", "object"], deletedBody.RootElement.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(id, deletedBody.RootElement.GetProperty("id").GetString());
        Assert.Equal("conversation.deleted", deletedBody.RootElement.GetProperty("object").GetString());
        Assert.True(deletedBody.RootElement.GetProperty("deleted").GetBoolean());
        await AssertOpenAIErrorAsync(again, HttpStatusCode.NotFound);
        await AssertOpenAIErrorAsync(get, HttpStatusCode.NotFound);
    }

    private static async Task<string> CreateAsync(HttpClient client, string? user, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/openai/v1/conversations") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (user is not null)
        {
            request.Headers.Add(IsolationKey, user);
        }

        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<JsonDocument> GetAsync(HttpClient client, string path, string? user)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (user is not null)
        {
            request.Headers.Add(IsolationKey, user);
        }

        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Asserts OpenAI's envelope: an <c>error</c> object with code, message, param and type.</summary>
    private static async Task<JsonElement> AssertOpenAIErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["error"], root.EnumerateObject().Select(p => p.Name));
        var error = root.GetProperty("error");
        Assert.Equal(["code", "message", "param", "type"], error.EnumerateObject().Select(p => p.Name).Order());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        return error;
    }
}

public sealed class OpenAIConversationsContractTestsOnSqlite(SqliteApiHost host) : OpenAIConversationsContractTests<SqliteApiHost>(host);
