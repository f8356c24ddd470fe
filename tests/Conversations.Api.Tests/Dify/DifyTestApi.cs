using System.Net;
using System.Text.Json;

namespace Conversations.Api.Tests.Dify;

/// <summary>Calls and assertions the Dify contract tests share.</summary>
public static class DifyTestApi
{
    public static async Task<string> CreateAsync(HttpClient client, string user, string name, string inputs = "{}", string introduction = "")
    {
        var response = await client.PostAsync("/v1/conversations", new StringContent(
            $$"""{"user": {{JsonSerializer.Serialize(user)}}, "name": {{JsonSerializer.Serialize(name)}}, "inputs": {{inputs}}, "introduction": {{JsonSerializer.Serialize(introduction)}}}""",
            System.Text.Encoding.UTF8,
            "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    public static async Task<JsonDocument> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Asserts Dify's envelope: exactly status, code and message, with the status echoed. Returns the body.</summary>
    public static async Task<JsonElement> AssertDifyErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["code", "message", "status"], body.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("message").GetString()));
        return body;
    }
}
