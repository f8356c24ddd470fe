using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Conversations.Api.Tests.Hosting;

namespace Conversations.Api.Tests;

/// <summary>Every route needs a valid bearer key, and says so in its own dialect's envelope.</summary>
public abstract class AuthenticationTests<THost>(THost host) : IClassFixture<THost> where THost : ApiHost
{
    [Theory]
    [MemberData(nameof(EveryRoute.Requests), MemberType = typeof(EveryRoute))]
    public async Task A_request_without_a_key_is_401_in_the_routes_dialect(string method, string path)
    {
        using var client = host.CreateClient();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertDialectEnvelope(path, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Bearer key-that-does-not-exist")]
    [InlineData("Basic a2V5LTA6")]
    [InlineData("Bearer ")]
    [InlineData("key-0")]
    public async Task A_wrong_or_malformed_key_is_401(string authorization)
    {
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        var response = await client.GetAsync("/openai/v1/conversations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertDialectEnvelope("/openai/v1/conversations", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_bearer_scheme_is_case_insensitive()
    {
        var tenant = host.NewTenant();
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("bearer", tenant.Key);

        var response = await client.GetAsync("/openai/v1/conversations");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static void AssertDialectEnvelope(string path, string body)
    {
        var root = JsonDocument.Parse(body).RootElement;
        if (path.StartsWith("/openai/", StringComparison.Ordinal))
        {
            var error = root.GetProperty("error");
            Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
            Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        }
        else if (path.StartsWith("/api/", StringComparison.Ordinal))
        {
            Assert.Equal(JsonValueKind.String, root.GetProperty("detail").ValueKind);
        }
        else
        {
            Assert.Equal(401, root.GetProperty("status").GetInt32());
            Assert.Equal("unauthorized", root.GetProperty("code").GetString());
        }
    }
}

public sealed class AuthenticationTestsOnSqlite(SqliteApiHost host) : AuthenticationTests<SqliteApiHost>(host);

/// <summary>A request to each route of the route table, with ids that exist nowhere.</summary>
public static class EveryRoute
{
    public static TheoryData<string, string> Requests()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in Conversations.Api.Http.ApiRoutes.All)
        {
            data.Add(route.Method, "/" + route.Template.Replace("{conversation_id}", Guid.CreateVersion7().ToString(), StringComparison.Ordinal)
                .Replace("{variable_id}", Guid.CreateVersion7().ToString(), StringComparison.Ordinal));
        }

        return data;
    }
}
