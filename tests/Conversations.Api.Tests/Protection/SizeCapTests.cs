using System.Net;
using System.Text;
using System.Text.Json;
using Conversations.Api.Tests.Hosting;
using Conversations.Api.Tests.Hostile;

namespace Conversations.Api.Tests.Protection;

/// <summary>
/// Free-form JSON fields are capped at 16 KiB as sent (docs/errors.md), below the 1 MiB body limit, so
/// one conversation, and so one page, stays small: over the cap the dialect's 4xx names the field and
/// nothing changes; at the cap the write succeeds.
/// </summary>
public abstract class SizeCapTests<THost>(THost host) : IClassFixture<THost> where THost : ApiHost
{
    private const int Cap = 16 * 1024;

    [Theory]
    [MemberData(nameof(FreeFormFields.Writes), MemberType = typeof(FreeFormFields))]
    public async Task A_free_form_field_over_its_cap_is_refused_naming_the_field_and_changes_nothing(string method, string path, string body, string field)
    {
        var (client, id, variable) = await TenantWithAConversationAndAVariableAsync();
        var before = await StateAsync(client, id);
        path = path.Replace("{id}", id, StringComparison.Ordinal).Replace("{variable}", variable, StringComparison.Ordinal);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(body.Replace("{json}", ObjectOf(Cap + 1)).Replace("{text}", StringOf(Cap + 1)), Encoding.UTF8, "application/json"),
        });

        var status = path.StartsWith("/api/", StringComparison.Ordinal) ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.BadRequest;
        await DialectErrors.AssertEnvelopeAsync(response, path, status);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        if (status == HttpStatusCode.UnprocessableEntity)
        {
            Assert.Equal(["body", field], error.RootElement.GetProperty("detail")[0].GetProperty("loc").EnumerateArray().Select(e => e.GetString()));
        }
        else
        {
            Assert.Equal("invalid_param", error.RootElement.GetProperty("code").GetString());
            Assert.StartsWith(field + " ", error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await StateAsync(client, id));
    }

    [Theory]
    [MemberData(nameof(FreeFormFields.Writes), MemberType = typeof(FreeFormFields))]
    public async Task A_free_form_field_at_its_cap_is_taken(string method, string path, string body, string field)
    {
        var (client, id, variable) = await TenantWithAConversationAndAVariableAsync();
        path = path.Replace("{id}", id, StringComparison.Ordinal).Replace("{variable}", variable, StringComparison.Ordinal);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(body.Replace("{json}", ObjectOf(Cap)).Replace("{text}", StringOf(Cap)), Encoding.UTF8, "application/json"),
        });

        Assert.True(response.IsSuccessStatusCode, $"{field} at its cap: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A JSON object of exactly <paramref name="bytes"/> bytes.</summary>
    private static string ObjectOf(int bytes) => $$"""{"k":"{{new string('x', bytes - 8)}}"}""";

    /// <summary>A JSON string of exactly <paramref name="bytes"/> bytes, quotes included.</summary>
    private static string StringOf(int bytes) => $"\"{new string('x', bytes - 2)}\"";

    private async Task<(HttpClient Client, string Id, string Variable)> TenantWithAConversationAndAVariableAsync()
    {
        var client = host.NewTenant().Client();
        var created = await client.PostAsync("/api/v1/conversations", new StringContent("""{"user_id":"u","title":"kept"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var variable = await client.PostAsync($"/v1/conversations/{id}/variables", new StringContent(
            """{"user":"u","name":"kept","value_type":"string","value":"v"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, variable.StatusCode);
        return (client, id, JsonDocument.Parse(await variable.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
    }

    private static async Task<string> StateAsync(HttpClient client, string id) =>
        await client.GetStringAsync("/api/v1/conversations?limit=100") + await client.GetStringAsync($"/v1/conversations/{id}/variables?user=u&limit=100");
}

/// <summary>The writes of each free-form field, with a placeholder for its value.</summary>
public static class FreeFormFields
{
    public static TheoryData<string, string, string, string> Writes() => new()
    {
        // (method, path with {id} and {variable}, body with {json} or {text} for the oversized value, field)
        { "POST", "/v1/conversations", """{"user":"u","inputs":{json}}""", "inputs" },
        { "POST", "/v1/conversations/{id}/variables", """{"user":"u","name":"big","value_type":"string","value":{text}}""", "value" },
        { "PUT", "/v1/conversations/{id}/variables/{variable}", """{"user":"u","value":{text}}""", "value" },
        { "POST", "/api/v1/conversations", """{"user_id":"u","settings":{json}}""", "settings" },
        { "PATCH", "/api/v1/conversations/{id}", """{"meta_data":{json}}""", "meta_data" },
    };
}

public sealed class SizeCapTestsOnSqlite(SqliteApiHost host) : SizeCapTests<SqliteApiHost>(host);

[Collection(OnSharedFunctionsApp.Name)]
public sealed class SizeCapTestsOnFunctions(FunctionsApiHost host) : SizeCapTests<FunctionsApiHost>(host);
