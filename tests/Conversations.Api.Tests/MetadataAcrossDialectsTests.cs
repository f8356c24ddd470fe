using System.Net;
using System.Text;
using System.Text.Json;
using Conversations.Api.Tests.Hosting;

namespace Conversations.Api.Tests;

/// <summary>
/// Metadata is one JSON object behind three faces. Mielto's <c>meta_data</c> takes any JSON object
/// (Mielto API reference, ConversationRead.meta_data: "additionalProperties: true",
/// https://docs.mielto.com/api-reference); OpenAI's <c>metadata</c> is at most 16 string pairs, keys of
/// at most 64 and values of at most 512 characters (OpenAI API reference, Conversations,
/// https://platform.openai.com/docs/api-reference/conversations), so OpenAI sees a string projection.
/// </summary>
public abstract class MetadataAcrossDialectsTests<THost>(THost host) : IClassFixture<THost> where THost : ApiHost
{
    private const string Nested = """{"source":"web","n":3,"ratio":0.5,"flag":true,"none":null,"tags":["a","b"],"deep":{"x":{"y":[1,{"z":"w"}]}},"long":"LONG"}""";

    [Fact]
    public async Task Nested_meta_data_written_through_Mielto_reads_back_exactly_through_Mielto()
    {
        var client = host.NewTenant().Client();
        var metadata = Nested.Replace("LONG", new string('l', 600), StringComparison.Ordinal);

        var id = await CreateThroughMieltoAsync(client, metadata);

        using var expected = JsonDocument.Parse(metadata);
        using var got = await GetJsonAsync(client, $"/api/v1/conversations/{id}");
        Assert.True(JsonElement.DeepEquals(expected.RootElement, got.RootElement.GetProperty("meta_data")), got.RootElement.GetProperty("meta_data").GetRawText());
        using var listed = await GetJsonAsync(client, "/api/v1/conversations?user_id=u");
        Assert.True(JsonElement.DeepEquals(expected.RootElement, listed.RootElement.GetProperty("data")[0].GetProperty("meta_data")));
    }

    [Fact]
    public async Task OpenAI_sees_string_values_as_they_are_other_values_as_json_text_and_leaves_out_what_exceeds_its_bounds()
    {
        var client = host.NewTenant().Client();
        var id = await CreateThroughMieltoAsync(client, Nested.Replace("LONG", new string('l', 600), StringComparison.Ordinal));

        using var got = await GetJsonAsync(client, $"/openai/v1/conversations/{id}");

        var metadata = got.RootElement.GetProperty("metadata").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["source"] = "web", ["n"] = "3", ["ratio"] = "0.5", ["flag"] = "true", ["none"] = "null",
                ["tags"] = """["a","b"]""", ["deep"] = """{"x":{"y":[1,{"z":"w"}]}}""",
            },
            metadata);
        using var listed = await GetJsonAsync(client, "/openai/v1/conversations");
        Assert.Equal(7, listed.RootElement.GetProperty("data")[0].GetProperty("metadata").EnumerateObject().Count());
    }

    [Fact]
    public async Task OpenAI_shows_at_most_its_16_pairs_of_a_larger_object()
    {
        var client = host.NewTenant().Client();
        var pairs = string.Join(",", Enumerable.Range(0, 20).Select(i => $"\"k{i:00}\":{i}"));

        var id = await CreateThroughMieltoAsync(client, "{" + pairs + "}");

        using var openai = await GetJsonAsync(client, $"/openai/v1/conversations/{id}");
        Assert.Equal(Enumerable.Range(0, 16).Select(i => $"k{i:00}"), openai.RootElement.GetProperty("metadata").EnumerateObject().Select(p => p.Name));
        using var mielto = await GetJsonAsync(client, $"/api/v1/conversations/{id}");
        Assert.Equal(20, mielto.RootElement.GetProperty("meta_data").EnumerateObject().Count());
    }

    [Fact]
    public async Task Metadata_replaced_through_OpenAI_is_what_Mielto_then_shows()
    {
        var client = host.NewTenant().Client();
        var id = await CreateThroughMieltoAsync(client, Nested);

        var updated = await client.PostAsync($"/openai/v1/conversations/{id}", Json("""{"metadata":{"topic":"billing","lang":"de"}}"""));

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        using var mielto = await GetJsonAsync(client, $"/api/v1/conversations/{id}");
        Assert.Equal("""{"topic":"billing","lang":"de"}""", mielto.RootElement.GetProperty("meta_data").GetRawText());
    }

    [Fact]
    public async Task Meta_data_larger_than_16_KiB_is_refused_by_Mielto()
    {
        var client = host.NewTenant().Client();

        var response = await client.PostAsync("/api/v1/conversations", Json($$$"""{"user_id":"u","meta_data":{"big":"{{{new string('b', 17_000)}}}"}}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["body", "meta_data"], body.RootElement.GetProperty("detail")[0].GetProperty("loc").EnumerateArray().Select(e => e.GetString()));
    }

    private static async Task<string> CreateThroughMieltoAsync(HttpClient client, string metadata)
    {
        var response = await client.PostAsync("/api/v1/conversations", Json($$"""{"user_id":"u","title":"t","meta_data":{{metadata}}}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}

public sealed class MetadataAcrossDialectsTestsOnSqlite(SqliteApiHost host) : MetadataAcrossDialectsTests<SqliteApiHost>(host);

public sealed class MetadataAcrossDialectsTestsOnCosmos(CosmosApiHost host) : MetadataAcrossDialectsTests<CosmosApiHost>(host);
