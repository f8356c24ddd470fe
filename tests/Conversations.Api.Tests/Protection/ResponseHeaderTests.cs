using Conversations.Api.Tests.Hosting;

namespace Conversations.Api.Tests.Protection;

/// <summary>
/// Every answer carries <c>Cache-Control: no-store</c> (one tenant's data must not be kept by a cache
/// on the way) and <c>X-Content-Type-Options: nosniff</c>: successes, each route's errors, the answers
/// for paths and methods no route takes, the probes and the API documents.
/// </summary>
public abstract class ResponseHeaderTests<THost>(THost host) : IClassFixture<THost> where THost : ApiHost
{
    [Theory]
    [MemberData(nameof(EveryRoute.Requests), MemberType = typeof(EveryRoute))]
    public async Task Every_route_answers_with_the_headers_with_and_without_a_key(string method, string path)
    {
        using var anonymous = host.CreateClient();
        using var client = host.NewTenant().Client();

        AssertHeaders(await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)));
        AssertHeaders(await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)));
    }

    [Theory]
    [InlineData("GET", "/openai/v1/conversations")]
    [InlineData("GET", "/v1/conversations?user=u")]
    [InlineData("GET", "/api/v1/conversations")]
    [InlineData("GET", "/openai/v1/conversations?limit=0")]
    [InlineData("GET", "/api/v1/conversations?limit=x")]
    [InlineData("GET", "/v1/conversations")]
    [InlineData("GET", "/openai/v1/nowhere")]
    [InlineData("PUT", "/api/v1/conversations")]
    [InlineData("GET", "/nowhere")]
    [InlineData("GET", "/healthz")]
    [InlineData("GET", "/readyz")]
    [InlineData("GET", "/openapi/openai.json")]
    public async Task Successes_and_errors_outside_the_handlers_carry_the_headers(string method, string path)
    {
        using var client = host.NewTenant().Client();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        AssertHeaders(response);
    }

    [Fact]
    public async Task A_body_the_handler_cannot_read_is_answered_with_the_headers()
    {
        using var client = host.NewTenant().Client();

        var response = await client.PostAsync("/openai/v1/conversations", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        AssertHeaders(response);
    }

    private static void AssertHeaders(HttpResponseMessage response)
    {
        Assert.Equal("no-store", string.Join(",", response.Headers.GetValues("Cache-Control")));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}

public sealed class ResponseHeaderTestsOnSqlite(SqliteApiHost host) : ResponseHeaderTests<SqliteApiHost>(host);

[Collection(OnSharedFunctionsApp.Name)]
public sealed class ResponseHeaderTestsOnFunctions(FunctionsApiHost host) : ResponseHeaderTests<FunctionsApiHost>(host);
