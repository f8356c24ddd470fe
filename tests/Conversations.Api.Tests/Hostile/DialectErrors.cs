using System.Net;
using System.Text.Json;

namespace Conversations.Api.Tests.Hostile;

/// <summary>Asserts that an answer is an error in the envelope of the dialect whose path it was sent to.</summary>
public static class DialectErrors
{
    /// <summary>Asserts a 503 in the dialect's envelope, with its code and a Retry-After of whole seconds; returns the body.</summary>
    public static async Task<string> AssertUnavailableAsync(HttpResponseMessage response, string path)
    {
        await AssertEnvelopeAsync(response, path, HttpStatusCode.ServiceUnavailable);
        Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        var body = await response.Content.ReadAsStringAsync();
        var root = JsonDocument.Parse(body).RootElement;
        switch (path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0])
        {
            case "openai":
                Assert.Equal("service_unavailable", root.GetProperty("error").GetProperty("code").GetString());
                break;
            case "v1":
                Assert.Equal("service_unavailable", root.GetProperty("code").GetString());
                break;
        }

        return body;
    }

    public static async Task AssertEnvelopeAsync(HttpResponseMessage response, string path, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.False(string.IsNullOrEmpty(text), $"{(int)status} for {path} has no body");
        var root = JsonDocument.Parse(text).RootElement;
        switch (path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0])
        {
            case "openai":
                var error = root.GetProperty("error");
                Assert.Equal(["code", "message", "param", "type"], error.EnumerateObject().Select(p => p.Name).Order());
                Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
                break;
            case "api":
                Assert.Equal(["detail"], root.EnumerateObject().Select(p => p.Name));
                Assert.Equal(status == HttpStatusCode.UnprocessableEntity ? JsonValueKind.Array : JsonValueKind.String, root.GetProperty("detail").ValueKind);
                break;
            case "v1":
                Assert.Equal(["code", "message", "status"], root.EnumerateObject().Select(p => p.Name).Order());
                Assert.Equal((int)status, root.GetProperty("status").GetInt32());
                break;
            default:
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal((int)status, root.GetProperty("status").GetInt32());
                break;
        }
    }
}
