using System.Net;
using System.Text.Json;
using Conversations.Api.Tests.Hosting;
using static Conversations.Api.Tests.Items.ItemsTestApi;

namespace Conversations.Api.Tests.Items;

/// <summary>
/// /openai/v1/conversations/{id}/items against the OpenAI API reference, Conversations, items
/// (https://platform.openai.com/docs/api-reference/conversations: create items, list items, retrieve
/// an item, delete an item), with Azure AI Foundry's x-ms-user-isolation-key scope, paged as the
/// official SDKs page (after = the previous page's last_id).
/// </summary>
public abstract class OpenAIItemsContractTests<THost>(THost host) : IClassFixture<THost> where THost : ApiHost
{
    [Fact]
    public async Task Items_given_at_create_are_stored_and_listed_newest_first_with_openai_ids_and_fields()
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateConversationAsync(client, "u", $$"""{"items": [{"role":"user","content":"Hi there"}, {{Message("assistant", "Hello!")}}]}""");

        using var list = await GetJsonAsync(client, $"/openai/v1/conversations/{conversation}/items", "u");

        var root = list.RootElement;
        Assert.Equal(["data", "first_id", "has_more", "last_id", "object"], root.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("list", root.GetProperty("object").GetString());
        Assert.False(root.GetProperty("has_more").GetBoolean());
        var items = root.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal(["content", "id", "role", "status", "type"], i.EnumerateObject().Select(p => p.Name).Order()));
        Assert.All(items, i => Assert.StartsWith("msg_", i.GetProperty("id").GetString(), StringComparison.Ordinal));
        Assert.All(items, i => Assert.Equal("completed", i.GetProperty("status").GetString()));
        Assert.Equal(["assistant", "user"], items.Select(i => i.GetProperty("role").GetString()));
        Assert.Equal("output_text", items[0].GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("Hello!", items[0].GetProperty("content")[0].GetProperty("text").GetString());
        // A message given as plain text is stored as one input_text part.
        Assert.Equal("input_text", items[1].GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("Hi there", items[1].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(items[0].GetProperty("id").GetString(), root.GetProperty("first_id").GetString());
        Assert.Equal(items[1].GetProperty("id").GetString(), root.GetProperty("last_id").GetString());
    }

    [Fact]
    public async Task Create_answers_the_created_items_as_a_list_in_order_and_every_type_is_kept_as_given()
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateConversationAsync(client, "u");
        const string Call = """{"type":"function_call","call_id":"call_1","name":"weather","arguments":"{\"city\":\"Oslo\"}"}""";
        const string Output = """{"type":"function_call_output","call_id":"call_1","output":"{\"c\":4}","status":"completed"}""";
        const string Reasoning = """{"type":"reasoning","summary":[{"type":"summary_text","text":"Look it up."}]}""";
        const string Image = """{"type":"message","role":"user","content":[{"type":"input_text","text":"this?"},{"type":"input_image","image_url":"https://example.com/a.png","detail":"low"},{"type":"input_file","file_id":"file-1"}]}""";

        var response = await SendAsync(client, HttpMethod.Post, $"/openai/v1/conversations/{conversation}/items?include[]=message.output_text.logprobs", "u",
            $$"""{"items": [{{Message("developer", "Be brief.")}}, {{Reasoning}}, {{Call}}, {{Output}}, {{Image}}, {"type":"message","role":"assistant","content":[{"type":"refusal","refusal":"No."}]}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var data = created.RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal("list", created.RootElement.GetProperty("object").GetString());
        Assert.False(created.RootElement.GetProperty("has_more").GetBoolean());
        Assert.Equal(["message", "reasoning", "function_call", "function_call_output", "message", "message"], data.Select(i => i.GetProperty("type").GetString()));
        Assert.Equal(["msg", "rs", "fc", "fco", "msg", "msg"], data.Select(i => i.GetProperty("id").GetString()!.Split('_')[0]));
        Assert.Equal(data[0].GetProperty("id").GetString(), created.RootElement.GetProperty("first_id").GetString());
        Assert.Equal(data[^1].GetProperty("id").GetString(), created.RootElement.GetProperty("last_id").GetString());
        Assert.Equal("weather", data[2].GetProperty("name").GetString());
        Assert.Equal("""{"city":"Oslo"}""", data[2].GetProperty("arguments").GetString());
        Assert.Equal("completed", data[2].GetProperty("status").GetString());
        Assert.Equal("Look it up.", data[1].GetProperty("summary")[0].GetProperty("text").GetString());
        Assert.Equal("https://example.com/a.png", data[4].GetProperty("content")[1].GetProperty("image_url").GetString());
        Assert.Equal("file-1", data[4].GetProperty("content")[2].GetProperty("file_id").GetString());

        using var listed = await GetJsonAsync(client, $"/openai/v1/conversations/{conversation}/items?order=asc", "u");
        Assert.Equal(data.Select(i => i.GetRawText()), listed.RootElement.GetProperty("data").EnumerateArray().Select(i => i.GetRawText()));
    }

    [Fact]
    public async Task A_250_item_conversation_pages_to_the_end_in_both_orders_with_nothing_missed_or_repeated()
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateConversationAsync(client, "u");
        var added = new List<string>();
        for (var batch = 0; batch < 13; batch++)
        {
            var count = batch < 12 ? 20 : 10;
            var items = string.Join(",", Enumerable.Range(0, count).Select(i => Message(i % 2 == 0 ? "user" : "assistant", $"{batch}-{i}")));
            added.AddRange(await AddItemsAsync(client, conversation, "u", $"[{items}]"));
        }

        Assert.Equal(250, added.Distinct().Count());
        foreach (var (order, limit) in new[] { ("asc", 100), ("desc", 100), ("asc", 33), ("desc", 7) })
        {
            var seen = new List<string>();
            string? after = null;
            var pages = 0;
            while (true)
            {
                using var page = await GetJsonAsync(client, $"/openai/v1/conversations/{conversation}/items?order={order}&limit={limit}" + (after is null ? "" : $"&after={after}"), "u");
                var ids = page.RootElement.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
                seen.AddRange(ids);
                pages++;
                if (!page.RootElement.GetProperty("has_more").GetBoolean())
                {
                    break;
                }

                Assert.Equal(limit, ids.Count);
                after = page.RootElement.GetProperty("last_id").GetString();
            }

            Assert.Equal(order == "asc" ? added : Enumerable.Reverse(added), seen);
            Assert.Equal((250 + limit - 1) / limit, pages);
        }
    }

    [Fact]
    public async Task An_item_is_retrieved_by_id_and_deleting_it_answers_the_conversation_then_404()
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateConversationAsync(client, "u", """{"metadata": {"topic": "t"}}""");
        var ids = await AddItemsAsync(client, conversation, "u", $"[{Message("user", "one")}, {Message("assistant", "two")}]");

        using var item = await GetJsonAsync(client, $"/openai/v1/conversations/{conversation}/items/{ids[0]}", "u");
        var deleted = await SendAsync(client, HttpMethod.Delete, $"/openai/v1/conversations/{conversation}/items/{ids[0]}", "u");
        using var deletedBody = JsonDocument.Parse(await deleted.Content.ReadAsStringAsync());
        var again = await SendAsync(client, HttpMethod.Delete, $"/openai/v1/conversations/{conversation}/items/{ids[0]}", "u");
        var get = await SendAsync(client, HttpMethod.Get, $"/openai/v1/conversations/{conversation}/items/{ids[0]}", "u");
        using var list = await GetJsonAsync(client, $"/openai/v1/conversations/{conversation}/items", "u");

        Assert.Equal(ids[0], item.RootElement.GetProperty("id").GetString());
        Assert.Equal("one", item.RootElement.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(["created_at", "id", "metadata", "object"], deletedBody.RootElement.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(conversation, deletedBody.RootElement.GetProperty("id").GetString());
        Assert.Equal("conversation", deletedBody.RootElement.GetProperty("object").GetString());
        Assert.Equal("t", deletedBody.RootElement.GetProperty("metadata").GetProperty("topic").GetString());
        Assert.Equal("not_found", (await AssertOpenAIErrorAsync(again, HttpStatusCode.NotFound)).GetProperty("code").GetString());
        await AssertOpenAIErrorAsync(get, HttpStatusCode.NotFound);
        Assert.Equal([ids[1]], list.RootElement.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("""[{"type":"message","role":"user","content":"ok"}, {"type":"message","role":"user","content":"ok"}, {"type":"image_generation_call"}]""", "items[2].type")]
    [InlineData("""[{"type":"message","role":"user","content":"ok"}, {"type":"message","role":"robot","content":"x"}]""", "items[1].role")]
    [InlineData("""[{"type":"message","role":"user","content":"ok"}, {"type":"message","role":"user","content":[{"type":"input_text"}]}]""", "items[1].content[0].text")]
    [InlineData("""[{"type":"message","role":"user","content":[{"type":"input_text","text":"a"},{"type":"input_audio","data":"x"}]}]""", "items[0].content[1].type")]
    [InlineData("""[{"type":"message","role":"user","content":[{"type":"input_image"}]}]""", "items[0].content[0].image_url")]
    [InlineData("""[{"type":"message","role":"user","content":"ok"}, {"type":"function_call","call_id":"c","name":"f"}]""", "items[1].arguments")]
    [InlineData("""[{"type":"function_call_output","output":"x"}]""", "items[0].call_id")]
    [InlineData("""[{"type":"message","role":"user"}]""", "items[0].content")]
    [InlineData("""[]""", "items")]
    [InlineData("""{"type":"message"}""", "items")]
    public async Task A_malformed_item_is_a_400_naming_its_index_and_field_and_nothing_of_the_batch_is_written(string items, string param)
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateConversationAsync(client, "u");

        var response = await SendAsync(client, HttpMethod.Post, $"/openai/v1/conversations/{conversation}/items", "u", $$"""{"items": {{items}}}""");

        var error = await AssertOpenAIErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        using var list = await GetJsonAsync(client, $"/openai/v1/conversations/{conversation}/items", "u");
        Assert.Equal(0, list.RootElement.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task An_item_over_256_KiB_or_21_items_are_refused_and_an_item_just_under_the_cap_is_kept()
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateConversationAsync(client, "u");
        var tooBig = Message("user", new string('x', 256 * 1024));
        var fits = Message("user", new string('y', 200 * 1024));
        var many = string.Join(",", Enumerable.Range(0, 21).Select(i => Message("user", "m")));

        var refused = await SendAsync(client, HttpMethod.Post, $"/openai/v1/conversations/{conversation}/items", "u", $$"""{"items": [{{fits}}, {{tooBig}}]}""");
        var tooMany = await SendAsync(client, HttpMethod.Post, $"/openai/v1/conversations/{conversation}/items", "u", $$"""{"items": [{{many}}]}""");
        var kept = await AddItemsAsync(client, conversation, "u", $"[{fits}]");

        Assert.Equal("items[1]", (await AssertOpenAIErrorAsync(refused, HttpStatusCode.BadRequest)).GetProperty("param").GetString());
        Assert.Equal("items", (await AssertOpenAIErrorAsync(tooMany, HttpStatusCode.BadRequest)).GetProperty("param").GetString());
        using var list = await GetJsonAsync(client, $"/openai/v1/conversations/{conversation}/items", "u");
        Assert.Equal(kept, list.RootElement.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("order=sideways", "order")]
    public async Task Invalid_list_parameters_answer_400_naming_the_parameter(string query, string param)
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateConversationAsync(client, "u");

        var response = await SendAsync(client, HttpMethod.Get, $"/openai/v1/conversations/{conversation}/items?{query}", "u");

        Assert.Equal(param, (await AssertOpenAIErrorAsync(response, HttpStatusCode.BadRequest)).GetProperty("param").GetString());
    }

    [Fact]
    public async Task An_unknown_after_id_or_conversation_answers_404()
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateConversationAsync(client, "u");
        var other = await CreateConversationAsync(client, "u");
        var foreignItem = (await AddItemsAsync(client, other, "u", $"[{Message("user", "elsewhere")}]"))[0];

        var unknownAfter = await SendAsync(client, HttpMethod.Get, $"/openai/v1/conversations/{conversation}/items?after={foreignItem}", "u");
        var unknownConversation = await SendAsync(client, HttpMethod.Get, $"/openai/v1/conversations/{Guid.CreateVersion7()}/items", "u");
        var foreignGet = await SendAsync(client, HttpMethod.Get, $"/openai/v1/conversations/{conversation}/items/{foreignItem}", "u");

        Assert.Equal("after", (await AssertOpenAIErrorAsync(unknownAfter, HttpStatusCode.NotFound)).GetProperty("param").GetString());
        await AssertOpenAIErrorAsync(unknownConversation, HttpStatusCode.NotFound);
        await AssertOpenAIErrorAsync(foreignGet, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Items_stay_inside_their_tenant_and_end_user()
    {
        var owner = host.NewTenant().Client();
        var stranger = host.NewTenant().Client();
        var conversation = await CreateConversationAsync(owner, "ann");
        var ids = await AddItemsAsync(owner, conversation, "ann", $"[{Message("user", "secret")}]");
        var path = $"/openai/v1/conversations/{conversation}/items";

        foreach (var (client, user) in new[] { (stranger, "ann"), (stranger, (string?)null), (owner, "bob") })
        {
            await AssertOpenAIErrorAsync(await SendAsync(client, HttpMethod.Get, path, user), HttpStatusCode.NotFound);
            await AssertOpenAIErrorAsync(await SendAsync(client, HttpMethod.Get, $"{path}/{ids[0]}", user), HttpStatusCode.NotFound);
            await AssertOpenAIErrorAsync(await SendAsync(client, HttpMethod.Post, path, user, $$"""{"items": [{{Message("user", "intruder")}}]}"""), HttpStatusCode.NotFound);
            await AssertOpenAIErrorAsync(await SendAsync(client, HttpMethod.Delete, $"{path}/{ids[0]}", user), HttpStatusCode.NotFound);
        }

        // Without the isolation key the owner's tenant sees every user's conversations, as Foundry does.
        using var tenantWide = await GetJsonAsync(owner, path, null);
        Assert.Equal(ids, tenantWide.RootElement.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task Deleting_the_conversation_deletes_its_items()
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateConversationAsync(client, "u");
        var ids = await AddItemsAsync(client, conversation, "u", $"[{Message("user", "a")}, {Message("assistant", "b")}]");

        var deleted = await SendAsync(client, HttpMethod.Delete, $"/openai/v1/conversations/{conversation}", "u");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await AssertOpenAIErrorAsync(await SendAsync(client, HttpMethod.Get, $"/openai/v1/conversations/{conversation}/items", "u"), HttpStatusCode.NotFound);
        await AssertOpenAIErrorAsync(await SendAsync(client, HttpMethod.Get, $"/openai/v1/conversations/{conversation}/items/{ids[0]}", "u"), HttpStatusCode.NotFound);
    }
}

public sealed class OpenAIItemsContractTestsOnSqlite(SqliteApiHost host) : OpenAIItemsContractTests<SqliteApiHost>(host);
