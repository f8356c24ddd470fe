using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Conversations.Api.Tests.Hosting;
using Conversations.Testing;
using static Conversations.Api.Tests.Dify.DifyTestApi;

namespace Conversations.Api.Tests.Dify;

/// <summary>
/// GET/POST/DELETE /v1/conversations… against Dify's service API reference, List Conversations
/// (https://docs.dify.ai/api-reference/conversations/list-conversations) and Rename Conversation
/// (https://docs.dify.ai/api-reference/conversations/rename-conversation), and against how Dify's own
/// service answers (langgenius/dify on GitHub: api/controllers/service_api/app/conversation.py,
/// api/services/conversation_service.py) and is called by its SDKs (sdks/python-client: pinned in the
/// list query, the user of a DELETE in its JSON body), except where the service pages on the
/// timestamp alone and skips ties.
/// </summary>
public abstract class DifyConversationsContractTests<THost>(THost host) : IClassFixture<THost> where THost : ApiHost
{
    private static readonly string[] ItemKeys = ["id", "name", "inputs", "status", "introduction", "created_at", "updated_at"];

    [Fact]
    public async Task List_answers_limit_has_more_and_data_with_exactly_the_spec_fields()
    {
        var client = host.NewTenant().Client();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var created = await CreateAsync(client, "alice", "Trip planning", """{"city":"Paris"}""", "Hello!");

        using var page = await GetJsonAsync(client, "/v1/conversations?user=alice");

        var root = page.RootElement;
        Assert.Equal(["data", "has_more", "limit"], root.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(20, root.GetProperty("limit").GetInt32());
        Assert.False(root.GetProperty("has_more").GetBoolean());
        var item = Assert.Single(root.GetProperty("data").EnumerateArray());
        Assert.Equal(ItemKeys.Order(), item.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(created, item.GetProperty("id").GetString());
        Assert.True(Guid.TryParse(created, out _));
        Assert.Equal("Trip planning", item.GetProperty("name").GetString());
        Assert.Equal("Paris", item.GetProperty("inputs").GetProperty("city").GetString());
        Assert.Equal("normal", item.GetProperty("status").GetString());
        Assert.Equal("Hello!", item.GetProperty("introduction").GetString());
        var createdAt = item.GetProperty("created_at");
        Assert.Equal(JsonValueKind.Number, createdAt.ValueKind);
        Assert.InRange(createdAt.GetInt64(), before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(createdAt.GetInt64(), item.GetProperty("updated_at").GetInt64());
    }

    [Theory]
    [InlineData("-updated_at", 1)]
    [InlineData("updated_at", 2)]
    [InlineData("-created_at", 3)]
    [InlineData("created_at", 7)]
    public async Task Paging_with_the_last_item_id_sees_every_conversation_exactly_once_in_order(string sortBy, int limit)
    {
        var client = host.NewTenant().Client();
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await CreateAsync(client, "bob", $"c{i}"));
        }

        var seen = await PageAllAsync(client, $"/v1/conversations?user=bob&sort_by={sortBy}&limit={limit}");

        // UUIDv7 ids grow with creation time, so (time, id) order equals id order for these items.
        var expected = sortBy.StartsWith('-') ? ids.Order(StringComparer.Ordinal).Reverse().ToList() : ids.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Conversations_sharing_one_timestamp_are_paged_without_skips_or_repeats()
    {
        // Dify pages on the timestamp alone and skips items that share one; these nine share one
        // millisecond (written straight into the store: no request can make them that close).
        var tenant = host.NewTenant();
        var at = DateTimeOffset.Parse("2026-01-02T03:04:05.678Z", System.Globalization.CultureInfo.InvariantCulture);
        var seeded = Enumerable.Range(0, 9).Select(i => new Conversations.Model.Conversation
        {
            Id = Conversations.Model.ItemIds.New(at),
            TenantId = tenant.Id,
            UserId = "carol",
            Name = $"same-{i}",
            CreatedAt = at,
            UpdatedAt = at,
        }).ToList();
        await host.SeedAsync(seeded);
        var client = tenant.Client();

        foreach (var limit in new[] { 1, 2, 4 })
        {
            var seen = await PageAllAsync(client, $"/v1/conversations?user=carol&limit={limit}");
            Assert.Equal(seeded.Select(c => c.Id).Order(StringComparer.Ordinal).Reverse(), seen);
        }
    }

    [Fact]
    public async Task Has_more_is_false_on_a_last_page_that_is_exactly_full()
    {
        var client = host.NewTenant().Client();
        for (var i = 0; i < 4; i++)
        {
            await CreateAsync(client, "dan", $"c{i}");
        }

        using var first = await GetJsonAsync(client, "/v1/conversations?user=dan&limit=2");
        Assert.True(first.RootElement.GetProperty("has_more").GetBoolean());
        var lastId = first.RootElement.GetProperty("data")[1].GetProperty("id").GetString();
        using var second = await GetJsonAsync(client, $"/v1/conversations?user=dan&limit=2&last_id={lastId}");
        Assert.Equal(2, second.RootElement.GetProperty("data").GetArrayLength());
        Assert.False(second.RootElement.GetProperty("has_more").GetBoolean());
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("limit=ten")]
    [InlineData("sort_by=name")]
    [InlineData("sort_by=-id")]
    [InlineData("last_id=not-a-uuid")]
    public async Task Invalid_parameters_answer_400_invalid_param_in_difys_envelope(string query)
    {
        var client = host.NewTenant().Client();

        var response = await client.GetAsync($"/v1/conversations?user=erin&{query}");

        await AssertDifyErrorAsync(response, HttpStatusCode.BadRequest, "invalid_param");
    }

    [Fact]
    public async Task An_unknown_deleted_or_other_users_last_id_answers_404_last_conversation_not_exists()
    {
        var client = host.NewTenant().Client();
        var franks = await CreateAsync(client, "frank", "mine");
        var deleted = await CreateAsync(client, "grace", "gone");
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(client, deleted, "grace")).StatusCode);

        foreach (var lastId in new[] { Guid.CreateVersion7().ToString(), franks, deleted })
        {
            var response = await client.GetAsync($"/v1/conversations?user=grace&last_id={lastId}");
            var error = await AssertDifyErrorAsync(response, HttpStatusCode.NotFound, "not_found");
            Assert.Equal("Last Conversation Not Exists.", error.GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task Empty_values_mean_defaults_and_unknown_parameters_are_ignored()
    {
        var client = host.NewTenant().Client();
        await CreateAsync(client, "", "anonymous");

        // Dify's Python SDK sends empty strings for unset parameters; its Node SDK adds first_id and pinned.
        using var page = await GetJsonAsync(client, "/v1/conversations?user=&last_id=&limit=&sort_by=&first_id=&pinned=false");

        Assert.Equal(20, page.RootElement.GetProperty("limit").GetInt32());
        Assert.Equal("anonymous", Assert.Single(page.RootElement.GetProperty("data").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_user_with_no_conversations_gets_an_empty_list_not_an_error()
    {
        var client = host.NewTenant().Client();
        await CreateAsync(client, "henry", "his");

        using var page = await GetJsonAsync(client, "/v1/conversations?user=nobody");

        Assert.Equal(0, page.RootElement.GetProperty("data").GetArrayLength());
        Assert.False(page.RootElement.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task Renaming_changes_the_name_and_moves_the_conversation_to_the_top_of_recent_activity()
    {
        var client = host.NewTenant().Client();
        var older = await CreateAsync(client, "ivy", "older");
        // updated_at is rendered in seconds: rename in a later second, so the move shows on the wire too.
        await Conversations.Testing.WallClock.PassAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1));
        await CreateAsync(client, "ivy", "newer");

        var response = await client.PostAsJsonAsync($"/v1/conversations/{older}/name", new { name = "renamed", user = "ivy" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var renamed = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("renamed", renamed.RootElement.GetProperty("name").GetString());
        Assert.True(renamed.RootElement.GetProperty("updated_at").GetInt64() > renamed.RootElement.GetProperty("created_at").GetInt64());
        using var list = await GetJsonAsync(client, "/v1/conversations?user=ivy");
        Assert.Equal(older, list.RootElement.GetProperty("data")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Rename_with_auto_generate_derives_a_name_and_without_a_name_is_rejected()
    {
        var client = host.NewTenant().Client();
        var id = await CreateAsync(client, "jack", "", introduction: "Plan a weekend in Lisbon\nwith kids");

        var generated = await client.PostAsJsonAsync($"/v1/conversations/{id}/name", new { auto_generate = true, user = "jack" });
        var missing = await client.PostAsJsonAsync($"/v1/conversations/{id}/name", new { user = "jack" });
        var foreign = await client.PostAsJsonAsync($"/v1/conversations/{id}/name", new { name = "x", user = "someone-else" });

        using var body = JsonDocument.Parse(await generated.Content.ReadAsStringAsync());
        Assert.Equal("Plan a weekend in Lisbon", body.RootElement.GetProperty("name").GetString());
        await AssertDifyErrorAsync(missing, HttpStatusCode.BadRequest, "invalid_param");
        var error = await AssertDifyErrorAsync(foreign, HttpStatusCode.NotFound, "not_found");
        Assert.Equal("Conversation Not Exists.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Delete_with_the_user_in_the_body_removes_the_conversation_and_its_variables()
    {
        var client = host.NewTenant().Client();
        var id = await CreateAsync(client, "kate", "to delete");
        var variable = await client.PostAsJsonAsync($"/v1/conversations/{id}/variables", new { user = "kate", name = "v", value_type = "string", value = "x" });
        Assert.Equal(HttpStatusCode.OK, variable.StatusCode);

        var wrongUser = await DeleteAsync(client, id, "not-kate");
        var deleted = await DeleteAsync(client, id, "kate");
        var again = await DeleteAsync(client, id, "kate");

        await AssertDifyErrorAsync(wrongUser, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await AssertDifyErrorAsync(again, HttpStatusCode.NotFound, "not_found");
        using var list = await GetJsonAsync(client, "/v1/conversations?user=kate");
        Assert.Equal(0, list.RootElement.GetProperty("data").GetArrayLength());
        await AssertDifyErrorAsync(await client.GetAsync($"/v1/conversations/{id}/variables?user=kate"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Malformed_or_oversized_bodies_are_rejected_and_store_nothing()
    {
        var client = host.NewTenant().Client();

        var malformed = await client.PostAsync("/v1/conversations", new StringContent("{\"user\": \"lea\", ", System.Text.Encoding.UTF8, "application/json"));
        var notObject = await client.PostAsync("/v1/conversations", new StringContent("[1,2]", System.Text.Encoding.UTF8, "application/json"));
        var wrongType = await client.PostAsJsonAsync("/v1/conversations", new { user = "lea", inputs = "not an object" });
        var huge = await client.PostAsync("/v1/conversations", new StringContent(
            $"{{\"user\":\"lea\",\"introduction\":\"{new string('x', 1_100_000)}\"}}", System.Text.Encoding.UTF8, "application/json"));

        await AssertDifyErrorAsync(malformed, HttpStatusCode.BadRequest, "invalid_param");
        await AssertDifyErrorAsync(notObject, HttpStatusCode.BadRequest, "invalid_param");
        await AssertDifyErrorAsync(wrongType, HttpStatusCode.BadRequest, "invalid_param");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        using var list = await GetJsonAsync(client, "/v1/conversations?user=lea");
        Assert.Equal(0, list.RootElement.GetProperty("data").GetArrayLength());
    }

    private static Task<HttpResponseMessage> DeleteAsync(HttpClient client, string id, string user) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1/conversations/{id}") { Content = JsonContent.Create(new { user }) });

    private static async Task<List<string>> PageAllAsync(HttpClient client, string path)
    {
        var seen = new List<string>();
        string? lastId = null;
        for (var guard = 0; guard < 100; guard++)
        {
            using var page = await GetJsonAsync(client, lastId is null ? path : $"{path}&last_id={lastId}");
            var data = page.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
            var hasMore = page.RootElement.GetProperty("has_more").GetBoolean();
            Assert.False(hasMore && data.Count == 0, "has_more was true on an empty page");
            seen.AddRange(data);
            if (!hasMore)
            {
                return seen;
            }

            lastId = data[^1];
        }

        throw new InvalidOperationException("Paging did not end.");
    }
}

public sealed class DifyConversationsContractTestsOnSqlite(SqliteApiHost host) : DifyConversationsContractTests<SqliteApiHost>(host);
