using System.Net;
using System.Text;
using System.Text.Json;
using Conversations.Api.Tests.Hosting;

namespace Conversations.Api.Tests.Hostile;

/// <summary>
/// A body under the 1 MiB request limit whose stored item would pass Cosmos DB's 2 MB item limit
/// (service quotas, "Maximum size of an item": https://learn.microsoft.com/azure/cosmos-db/concepts-limits).
/// Emoji are the worst case: four bytes in the body, twelve once stored as an escaped surrogate pair.
/// Azure would answer 413; the test server enforces no limit. The free-form fields' size caps
/// (docs/errors.md) refuse such a body before the store sees it, in the dialect's envelope and naming
/// the field, so no accepted body can produce an item over the limit; nothing is stored. (The store's
/// own refusal of an oversize document, and the 413 it becomes, are tested in the store's tests.)
/// </summary>
public sealed class CosmosItemLimitTests(CosmosApiHost host) : IClassFixture<CosmosApiHost>
{
    // 250,000 emoji: 1,000,000 bytes of UTF-8, just under the 1 MiB body limit; 3 MB once stored.
    private static readonly string Emoji = string.Concat(Enumerable.Repeat("\U0001F600", 250_000));

    [Theory]
    [InlineData("/v1/conversations", "{\"user\":\"u\",\"inputs\":{\"text\":\"TEXT\"}}")]
    public async Task A_conversation_whose_item_would_pass_the_limit_is_refused_by_the_size_caps_and_not_stored(string path, string body)
    {
        var client = host.NewTenant().Client();
        var content = new StringContent(body.Replace("TEXT", Emoji, StringComparison.Ordinal), Encoding.UTF8, "application/json");
        Assert.True(content.Headers.ContentLength is null or < 1024 * 1024);

        var refused = await client.PostAsync(path, content);
        await DialectErrors.AssertEnvelopeAsync(refused, path, HttpStatusCode.BadRequest);
        Assert.StartsWith("inputs", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);

        var list = await client.GetAsync("/api/v1/conversations?limit=10");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Empty(JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task A_variable_whose_item_would_pass_the_limit_is_refused_by_the_size_caps_in_difys_envelope()
    {
        var client = host.NewTenant().Client();
        var created = await client.PostAsync("/v1/conversations", new StringContent("""{"user":"u"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        var path = $"/v1/conversations/{id}/variables";
        var body = $$"""{"user":"u","name":"big","value_type":"string","value":"{{Emoji}}"}""";

        var refused = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        await DialectErrors.AssertEnvelopeAsync(refused, path, HttpStatusCode.BadRequest);
        Assert.StartsWith("value", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);

        var variables = await client.GetAsync($"{path}?user=u");
        Assert.Equal(HttpStatusCode.OK, variables.StatusCode);
        Assert.Empty(JsonDocument.Parse(await variables.Content.ReadAsStringAsync()).RootElement.GetProperty("data").EnumerateArray());
    }
}
