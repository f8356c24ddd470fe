using System.Net;
using System.Text;
using System.Text.Json;

namespace Conversations.Api.Tests.Items;

/// <summary>Calls the items contract tests share: OpenAI requests with an optional isolation key.</summary>
public static class ItemsTestApi
{
    public const string IsolationKey = "x-ms-user-isolation-key";

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? user, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (user is not null)
        {
            request.Headers.Add(IsolationKey, user);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Creates an OpenAI conversation (with the body's items, if any) and returns its id.</summary>
    public static async Task<string> CreateConversationAsync(HttpClient client, string? user, string body = "{}")
    {
        var response = await SendAsync(client, HttpMethod.Post, "/openai/v1/conversations", user, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Adds items (a JSON array) and returns the created ids in order.</summary>
    public static async Task<List<string>> AddItemsAsync(HttpClient client, string conversation, string? user, string itemsJson)
    {
        var response = await SendAsync(client, HttpMethod.Post, $"/openai/v1/conversations/{conversation}/items", user, $$"""{"items": {{itemsJson}}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
    }

    public static async Task<JsonDocument> GetJsonAsync(HttpClient client, string path, string? user)
    {
        var response = await SendAsync(client, HttpMethod.Get, path, user);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    public static string Message(string role, string text) =>
        $$"""{"type":"message","role":"{{role}}","content":[{"type":"{{(role == "assistant" ? "output_text" : "input_text")}}","text":{{JsonSerializer.Serialize(text)}}}]}""";

    /// <summary>Asserts OpenAI's envelope and returns its error object.</summary>
    public static async Task<JsonElement> AssertOpenAIErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["error"], root.EnumerateObject().Select(p => p.Name));
        var error = root.GetProperty("error");
        Assert.Equal(["code", "message", "param", "type"], error.EnumerateObject().Select(p => p.Name).Order());
        return error;
    }
}
