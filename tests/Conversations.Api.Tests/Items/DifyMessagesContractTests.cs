using System.Net;
using System.Text.Json;
using Conversations.Api.Tests.Hosting;
using static Conversations.Api.Tests.Dify.DifyTestApi;
using static Conversations.Api.Tests.Items.ItemsTestApi;

namespace Conversations.Api.Tests.Items;

/// <summary>
/// GET /v1/messages against Dify's service API reference, Get Conversation History Messages
/// (https://docs.dify.ai/api-reference/conversations/get-conversation-history-messages), and the
/// paging Dify's source implements (langgenius/dify, MessageService.pagination_by_first_id: the
/// latest `limit` messages before first_id, read newest first and returned oldest first). The items
/// are written through OpenAI's Conversations API (https://platform.openai.com/docs/api-reference/conversations).
/// </summary>
public abstract class DifyMessagesContractTests<THost>(THost host) : IClassFixture<THost> where THost : ApiHost
{
    private static readonly string[] MessageKeys =
        ["agent_thoughts", "answer", "conversation_id", "created_at", "feedback", "id", "inputs", "message_files", "query", "retriever_resources"];

    [Fact]
    public async Task Items_written_through_openai_read_as_dify_exchanges_with_the_spec_fields()
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateAsync(client, "ann", "trip", """{"city":"Paris"}""");
        const string Image = """{"type":"message","role":"user","content":[{"type":"input_text","text":"And "},{"type":"input_text","text":"this one?"},{"type":"input_image","image_url":"https://example.com/a.png"},{"type":"input_file","file_id":"file-9"}]}""";
        await AddItemsAsync(client, conversation, "ann", $"[{Message("user", "Hi")}, {Message("assistant", "Hello")}]");
        await AddItemsAsync(client, conversation, "ann",
            $$"""[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"}, {"type":"function_call_output","call_id":"c1","output":"42"}, {{Message("assistant", "It is 42.")}}, {{Image}}, {{Message("assistant", "A cat.")}}]""");

        using var page = await GetJsonAsync(client, $"/v1/messages?conversation_id={conversation}&user=ann");

        var root = page.RootElement;
        Assert.Equal(["data", "has_more", "limit"], root.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(20, root.GetProperty("limit").GetInt32());
        Assert.False(root.GetProperty("has_more").GetBoolean());
        var messages = root.GetProperty("data").EnumerateArray().ToList();
        Assert.All(messages, m => Assert.Equal(MessageKeys, m.EnumerateObject().Select(p => p.Name).Order()));
        Assert.Equal(["Hi", "And this one?"], messages.Select(m => m.GetProperty("query").GetString()));
        Assert.Equal(["Hello\n\nIt is 42.", "A cat."], messages.Select(m => m.GetProperty("answer").GetString()));
        Assert.All(messages, m => Assert.True(Guid.TryParseExact(m.GetProperty("id").GetString(), "D", out _)));
        Assert.All(messages, m => Assert.Equal(conversation, m.GetProperty("conversation_id").GetString()));
        Assert.All(messages, m => Assert.Equal("Paris", m.GetProperty("inputs").GetProperty("city").GetString()));
        Assert.All(messages, m => Assert.Equal(JsonValueKind.Null, m.GetProperty("feedback").ValueKind));
        Assert.All(messages, m => Assert.Equal(0, m.GetProperty("retriever_resources").GetArrayLength()));
        Assert.All(messages, m => Assert.Equal(JsonValueKind.Number, m.GetProperty("created_at").ValueKind));
        Assert.Equal(0, messages[0].GetProperty("message_files").GetArrayLength());
        var files = messages[1].GetProperty("message_files").EnumerateArray().ToList();
        Assert.Equal(["image", "document"], files.Select(f => f.GetProperty("type").GetString()));
        Assert.Equal("https://example.com/a.png", files[0].GetProperty("url").GetString());
        Assert.Equal("file-9", files[1].GetProperty("id").GetString());
        Assert.All(files, f => Assert.Equal("user", f.GetProperty("belongs_to").GetString()));
    }

    [Fact]
    public async Task A_250_item_history_pages_backwards_with_first_id_each_page_oldest_first_to_the_start()
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateAsync(client, "ben", "long");
        for (var batch = 0; batch < 13; batch++)
        {
            var exchanges = batch < 12 ? 10 : 5;
            var items = Enumerable.Range(0, exchanges).SelectMany(i => new[] { Message("user", $"q{(batch * 10) + i}"), Message("assistant", $"a{(batch * 10) + i}") });
            await AddItemsAsync(client, conversation, "ben", $"[{string.Join(",", items)}]");
        }

        var pages = new List<List<string>>();
        string? firstId = null;
        while (true)
        {
            using var page = await GetJsonAsync(client, $"/v1/messages?conversation_id={conversation}&user=ben&limit=20" + (firstId is null ? "" : $"&first_id={firstId}"));
            var data = page.RootElement.GetProperty("data").EnumerateArray().ToList();
            Assert.All(data, m => Assert.Equal("a" + m.GetProperty("query").GetString()![1..], m.GetProperty("answer").GetString()));
            pages.Add(data.Select(m => m.GetProperty("query").GetString()!).ToList());
            if (!page.RootElement.GetProperty("has_more").GetBoolean())
            {
                break;
            }

            firstId = data[0].GetProperty("id").GetString();
        }

        var expected = Enumerable.Range(0, 125).Select(i => $"q{i}").ToList();
        Assert.Equal(7, pages.Count);
        Assert.Equal(expected[105..], pages[0]);
        Assert.Equal(expected[85..105], pages[1]);
        Assert.Equal(expected, Enumerable.Reverse(pages).SelectMany(p => p));
    }

    [Fact]
    public async Task Adding_items_moves_the_conversation_to_the_top_of_the_most_recently_active_list()
    {
        var client = host.NewTenant().Client();
        var older = await CreateAsync(client, "cal", "older");
        var newer = await CreateAsync(client, "cal", "newer");

        await AddItemsAsync(client, older, "cal", $"[{Message("user", "bump")}]");

        using var list = await GetJsonAsync(client, "/v1/conversations?user=cal&sort_by=-updated_at");
        Assert.Equal([older, newer], list.RootElement.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Unknown_conversations_and_first_ids_answer_difys_not_found_messages()
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateAsync(client, "dan", "c");
        var other = await CreateAsync(client, "dan", "other");
        await AddItemsAsync(client, conversation, "dan", $"[{Message("user", "q")}, {Message("assistant", "a")}]");
        await AddItemsAsync(client, other, "dan", $"[{Message("user", "elsewhere")}]");
        using var otherPage = await GetJsonAsync(client, $"/v1/messages?conversation_id={other}&user=dan");
        var foreignMessage = otherPage.RootElement.GetProperty("data")[0].GetProperty("id").GetString();

        var unknown = await client.GetAsync($"/v1/messages?conversation_id={Guid.CreateVersion7()}&user=dan");
        var otherUser = await client.GetAsync($"/v1/messages?conversation_id={conversation}&user=eve");
        var otherTenant = await host.NewTenant().Client().GetAsync($"/v1/messages?conversation_id={conversation}&user=dan");
        var unknownFirst = await client.GetAsync($"/v1/messages?conversation_id={conversation}&user=dan&first_id={Guid.CreateVersion7()}");
        var foreignFirst = await client.GetAsync($"/v1/messages?conversation_id={conversation}&user=dan&first_id={foreignMessage}");

        foreach (var response in new[] { unknown, otherUser, otherTenant })
        {
            Assert.Equal("Conversation Not Exists.", (await AssertDifyErrorAsync(response, HttpStatusCode.NotFound, "not_found")).GetProperty("message").GetString());
        }

        foreach (var response in new[] { unknownFirst, foreignFirst })
        {
            Assert.Equal("First Message Not Exists.", (await AssertDifyErrorAsync(response, HttpStatusCode.NotFound, "not_found")).GetProperty("message").GetString());
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("conversation_id=nope")]
    [InlineData("conversation_id={0}&limit=0")]
    [InlineData("conversation_id={0}&limit=101")]
    [InlineData("conversation_id={0}&first_id=nope")]
    public async Task Invalid_parameters_answer_400_invalid_param(string query)
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateAsync(client, "fay", "c");

        var response = await client.GetAsync("/v1/messages?user=fay&" + string.Format(System.Globalization.CultureInfo.InvariantCulture, query, conversation));

        await AssertDifyErrorAsync(response, HttpStatusCode.BadRequest, "invalid_param");
    }

    [Fact]
    public async Task A_conversation_without_items_has_an_empty_history()
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateAsync(client, "gus", "quiet");

        using var page = await GetJsonAsync(client, $"/v1/messages?conversation_id={conversation}&user=gus&limit=5");

        Assert.Equal(0, page.RootElement.GetProperty("data").GetArrayLength());
        Assert.False(page.RootElement.GetProperty("has_more").GetBoolean());
        Assert.Equal(5, page.RootElement.GetProperty("limit").GetInt32());
    }
}

public sealed class DifyMessagesContractTestsOnSqlite(SqliteApiHost host) : DifyMessagesContractTests<SqliteApiHost>(host);
