using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Conversations.Api.Tests.Hosting;

namespace Conversations.Api.Tests.Mielto;

/// <summary>
/// /api/v1/conversations against the Mielto API reference, Conversations: List Conversations with
/// cursor-based pagination, ConversationRead, and FastAPI's 422 validation errors
/// (https://docs.mielto.com/api-reference; every page is listed at https://docs.mielto.com/llms.txt).
/// </summary>
public abstract class MieltoConversationsContractTests<THost>(THost host) : IClassFixture<THost> where THost : ApiHost
{
    private static readonly string[] ReadKeys =
    [
        "collections", "created_at", "created_by", "ended_at", "id", "is_public", "meta_data", "owner_id", "settings", "status",
        "summary", "title", "updated_at", "workspace_id",
    ];

    [Fact]
    public async Task List_answers_data_total_count_next_cursor_has_more_with_every_conversation_read_field()
    {
        var tenant = host.NewTenant();
        var client = tenant.Client();
        var created = await CreateAsync(client, new
        {
            user_id = "u",
            title = "Onboarding",
            summary = "First steps",
            collections = new[] { "c1" },
            meta_data = new { source = "web" },
            settings = new { temperature = 0.2 },
            ended_at = "2026-03-04T05:06:07.891Z",
            owner_id = "owner",
            created_by = "creator",
        });
        await CreateAsync(client, new { user_id = "u" });

        using var page = await GetAsync(client, "/api/v1/conversations?sort_by=created_at&sort_order=asc");

        var root = page.RootElement;
        Assert.Equal(["data", "has_more", "next_cursor", "total_count"], root.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(2, root.GetProperty("total_count").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("next_cursor").ValueKind);
        Assert.False(root.GetProperty("has_more").GetBoolean());
        var first = root.GetProperty("data")[0];
        Assert.Equal(ReadKeys, first.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(created, first.GetProperty("id").GetString());
        Assert.Equal("Onboarding", first.GetProperty("title").GetString());
        Assert.Equal("First steps", first.GetProperty("summary").GetString());
        Assert.Equal("active", first.GetProperty("status").GetString());
        Assert.False(first.GetProperty("is_public").GetBoolean());
        Assert.Equal(["c1"], first.GetProperty("collections").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("web", first.GetProperty("meta_data").GetProperty("source").GetString());
        Assert.Equal(0.2, first.GetProperty("settings").GetProperty("temperature").GetDouble());
        Assert.Equal("2026-03-04T05:06:07.891Z", first.GetProperty("ended_at").GetString());
        // ConversationRead shows owner_id and created_by as read fields: they come from the scope of the
        // write (its user), never from what a body claims.
        Assert.Equal("u", first.GetProperty("owner_id").GetString());
        Assert.Equal("u", first.GetProperty("created_by").GetString());
        Assert.Equal(tenant.Id, first.GetProperty("workspace_id").GetString());
        var createdAt = DateTimeOffset.Parse(first.GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(createdAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        var bare = root.GetProperty("data")[1];
        Assert.Equal(JsonValueKind.Null, bare.GetProperty("title").ValueKind);
        Assert.Equal(JsonValueKind.Null, bare.GetProperty("ended_at").ValueKind);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(50)]
    public async Task Following_next_cursor_sees_every_conversation_once(int limit)
    {
        var client = host.NewTenant().Client();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await CreateAsync(client, new { user_id = $"u{i % 2}", title = $"t{i % 3}" }));
        }

        foreach (var sort in new[] { "sort_by=updated_at&sort_order=desc", "sort_by=created_at&sort_order=asc", "sort_by=title&sort_order=asc", "sort_by=id&sort_order=desc" })
        {
            var seen = new List<string>();
            string? cursor = null;
            for (var guard = 0; guard < 20; guard++)
            {
                using var page = await GetAsync(client, $"/api/v1/conversations?limit={limit}&{sort}" + (cursor is null ? "" : $"&cursor={cursor}"));
                var data = page.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
                Assert.Equal(data.Count, page.RootElement.GetProperty("total_count").GetInt32());
                var hasMore = page.RootElement.GetProperty("has_more").GetBoolean();
                cursor = page.RootElement.GetProperty("next_cursor").GetString();
                Assert.Equal(hasMore, cursor is not null);
                Assert.False(hasMore && data.Count == 0);
                seen.AddRange(data);
                if (!hasMore)
                {
                    break;
                }
            }

            Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
            Assert.Equal(seen.Count, seen.Distinct().Count());
        }
    }

    [Fact]
    public async Task Sort_by_title_orders_by_title_then_id_in_both_directions()
    {
        var client = host.NewTenant().Client();
        var b1 = await CreateAsync(client, new { title = "b" });
        var a = await CreateAsync(client, new { title = "a" });
        var b2 = await CreateAsync(client, new { title = "b" });

        using var asc = await GetAsync(client, "/api/v1/conversations?sort_by=title&sort_order=asc");
        using var desc = await GetAsync(client, "/api/v1/conversations?sort_by=title&sort_order=desc");

        var bs = new[] { b1, b2 }.Order(StringComparer.Ordinal).ToList();
        Assert.Equal([a, bs[0], bs[1]], asc.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal([bs[1], bs[0], a], desc.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("limit=0", "limit", "greater_than_equal")]
    [InlineData("limit=101", "limit", "less_than_equal")]
    [InlineData("limit=many", "limit", "int_parsing")]
    [InlineData("sort_by=name", "sort_by", "value_error")]
    [InlineData("sort_order=up", "sort_order", "enum")]
    [InlineData("cursor=bm90LWEtY3Vyc29y", "cursor", "value_error")]
    public async Task Invalid_parameters_answer_422_with_fastapis_detail(string query, string field, string type)
    {
        var response = await host.NewTenant().Client().GetAsync($"/api/v1/conversations?{query}");

        var detail = await AssertValidationErrorAsync(response);
        Assert.Equal(["query", field], detail.GetProperty("loc").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(type, detail.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_cursor_that_was_altered_or_made_for_another_query_is_rejected()
    {
        var client = host.NewTenant().Client();
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(client, new { user_id = "u", status = "active" });
        }

        using var first = await GetAsync(client, "/api/v1/conversations?limit=1&user_id=u");
        var cursor = first.RootElement.GetProperty("next_cursor").GetString()!;
        var altered = cursor[..^2] + (cursor[^2] == 'A' ? 'B' : 'A') + cursor[^1];

        foreach (var path in new[]
                 {
                     $"/api/v1/conversations?limit=1&user_id=u&cursor={altered}",
                     $"/api/v1/conversations?limit=1&user_id=other&cursor={cursor}",
                     $"/api/v1/conversations?limit=1&cursor={cursor}",
                     $"/api/v1/conversations?limit=1&user_id=u&status=active&cursor={cursor}",
                     $"/api/v1/conversations?limit=1&user_id=u&sort_order=asc&cursor={cursor}",
                 })
        {
            var detail = await AssertValidationErrorAsync(await client.GetAsync(path));
            Assert.Equal(["query", "cursor"], detail.GetProperty("loc").EnumerateArray().Select(e => e.GetString()));
        }

        // The same cursor with its own query still works, and a page size change is allowed.
        using var second = await GetAsync(client, $"/api/v1/conversations?limit=2&user_id=u&cursor={cursor}");
        Assert.Equal(2, second.RootElement.GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task Status_search_user_and_collection_filters_narrow_the_list()
    {
        var client = host.NewTenant().Client();
        var report = await CreateAsync(client, new { user_id = "ann", title = "Q3 Report 100%", collections = new[] { "finance" } });
        var archived = await CreateAsync(client, new { user_id = "ann", title = "old_report", status = "archived" });
        var bens = await CreateAsync(client, new { user_id = "ben", title = "notes", collections = new[] { "finance" } });

        async Task<string[]> IdsAsync(string query)
        {
            using var page = await GetAsync(client, $"/api/v1/conversations?sort_by=created_at&sort_order=asc&{query}");
            return page.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToArray();
        }

        Assert.Equal([archived], await IdsAsync("status=archived"));
        Assert.Equal([report, archived], await IdsAsync("search=REPORT"));
        Assert.Equal([report], await IdsAsync("search=0%25"));
        Assert.Equal([archived], await IdsAsync("search=d_r"));
        Assert.Equal([report, archived], await IdsAsync("user_id=ann"));
        Assert.Equal([report, bens], await IdsAsync("collection_id=finance"));
        Assert.Equal([report], await IdsAsync("collection_id=finance&user_id=ann"));
    }

    [Fact]
    public async Task Owner_and_creator_come_from_the_writes_scope_and_a_body_cannot_claim_them()
    {
        var client = host.NewTenant().Client();
        var mine = await CreateAsync(client, new { user_id = "ann", owner_id = "mallory", created_by = "mallory" });
        var workspace = await CreateAsync(client, new { owner_id = "mallory", created_by = "mallory" });

        var patch = await client.PatchAsync($"/api/v1/conversations/{mine}", new StringContent("""{"owner_id":"mallory","created_by":"mallory"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        using var read = await GetAsync(client, $"/api/v1/conversations/{mine}");
        Assert.Equal("ann", read.RootElement.GetProperty("owner_id").GetString());
        Assert.Equal("ann", read.RootElement.GetProperty("created_by").GetString());
        using var unowned = await GetAsync(client, $"/api/v1/conversations/{workspace}");
        Assert.Equal(JsonValueKind.Null, unowned.RootElement.GetProperty("owner_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, unowned.RootElement.GetProperty("created_by").ValueKind);
    }

    [Fact]
    public async Task Patch_changes_only_the_sent_fields_and_null_clears_them()
    {
        var client = host.NewTenant().Client();
        var id = await CreateAsync(client, new { user_id = "o", title = "keep", summary = "drop me" });
        using var before = await GetAsync(client, $"/api/v1/conversations/{id}");
        await Conversations.Testing.WallClock.PassAsync(
            DateTimeOffset.Parse(before.RootElement.GetProperty("updated_at").GetString()!, CultureInfo.InvariantCulture), TimeSpan.FromMilliseconds(1));

        var response = await client.PatchAsync($"/api/v1/conversations/{id}", new StringContent("""{"summary": null, "status": "archived", "is_public": true}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var after = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var patched = after.RootElement;
        Assert.Equal("keep", patched.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("summary").ValueKind);
        Assert.Equal("archived", patched.GetProperty("status").GetString());
        Assert.True(patched.GetProperty("is_public").GetBoolean());
        Assert.Equal("o", patched.GetProperty("owner_id").GetString());
        Assert.Equal(before.RootElement.GetProperty("created_at").GetString(), patched.GetProperty("created_at").GetString());
        Assert.True(DateTimeOffset.Parse(patched.GetProperty("updated_at").GetString()!, CultureInfo.InvariantCulture)
            > DateTimeOffset.Parse(before.RootElement.GetProperty("updated_at").GetString()!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Invalid_writes_answer_422_on_the_body_field_and_change_nothing()
    {
        var client = host.NewTenant().Client();
        var id = await CreateAsync(client, new { title = "original" });

        var longTitle = await client.PostAsJsonAsync("/api/v1/conversations", new { title = new string('t', 256) });
        var badPatch = await client.PatchAsync($"/api/v1/conversations/{id}", new StringContent("""{"title": "changed", "is_public": "yes"}""", System.Text.Encoding.UTF8, "application/json"));
        var malformed = await client.PostAsync("/api/v1/conversations", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(["body", "title"], (await AssertValidationErrorAsync(longTitle)).GetProperty("loc").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["body", "is_public"], (await AssertValidationErrorAsync(badPatch)).GetProperty("loc").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("json_invalid", (await AssertValidationErrorAsync(malformed)).GetProperty("type").GetString());
        using var list = await GetAsync(client, "/api/v1/conversations");
        Assert.Equal(["original"], list.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Delete_answers_204_and_the_conversation_is_gone_from_every_dialect()
    {
        var client = host.NewTenant().Client();
        var id = await CreateAsync(client, new { user_id = "u", title = "bye" });

        var deleted = await client.DeleteAsync($"/api/v1/conversations/{id}");
        var again = await client.DeleteAsync($"/api/v1/conversations/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/conversations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/openai/v1/conversations/{id}")).StatusCode);
        using var dify = await GetAsync(client, "/v1/conversations?user=u");
        Assert.Equal(0, dify.RootElement.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task A_conversation_written_through_mielto_is_the_same_conversation_in_openai_and_dify()
    {
        var client = host.NewTenant().Client();
        var id = await CreateAsync(client, new { user_id = "shared-user", title = "Everywhere", meta_data = new { k = "v" } });

        var openAIRequest = new HttpRequestMessage(HttpMethod.Get, "/openai/v1/conversations");
        openAIRequest.Headers.Add("x-ms-user-isolation-key", "shared-user");
        using var openAI = JsonDocument.Parse(await (await client.SendAsync(openAIRequest)).Content.ReadAsStringAsync());
        using var dify = await GetAsync(client, "/v1/conversations?user=shared-user");

        var viaOpenAI = Assert.Single(openAI.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal(id, viaOpenAI.GetProperty("id").GetString());
        Assert.Equal("v", viaOpenAI.GetProperty("metadata").GetProperty("k").GetString());
        var viaDify = Assert.Single(dify.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal(id, viaDify.GetProperty("id").GetString());
        Assert.Equal("Everywhere", viaDify.GetProperty("name").GetString());
    }

    private static async Task<string> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/conversations", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<JsonDocument> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Asserts FastAPI's 422 envelope and returns its single detail entry.</summary>
    private static async Task<JsonElement> AssertValidationErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["detail"], root.EnumerateObject().Select(p => p.Name));
        var detail = Assert.Single(root.GetProperty("detail").EnumerateArray());
        Assert.Equal(["loc", "msg", "type"], detail.EnumerateObject().Select(p => p.Name).Order());
        Assert.False(string.IsNullOrWhiteSpace(detail.GetProperty("msg").GetString()));
        return detail;
    }
}

public sealed class MieltoConversationsContractTestsOnSqlite(SqliteApiHost host) : MieltoConversationsContractTests<SqliteApiHost>(host);
