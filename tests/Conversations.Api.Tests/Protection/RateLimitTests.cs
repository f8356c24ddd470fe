using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Conversations.Api.Tests.Hosting;

namespace Conversations.Api.Tests.Protection;

/// <summary>
/// Per-key and per-tenant token buckets (OWASP API4, unrestricted resource consumption): past the
/// burst, each dialect answers 429 with Retry-After in its own envelope (OpenAI's as its error codes
/// page documents it, https://platform.openai.com/docs/guides/error-codes; Dify's and Mielto's in their
/// usual shapes), OpenAI answers carry the x-ratelimit-* headers of
/// https://platform.openai.com/docs/guides/rate-limits, and another tenant is not slowed.
/// </summary>
public abstract class RateLimitTests<THost>(THost host) : IClassFixture<THost> where THost : ApiHost
{
    protected THost Host => host;

    [Theory]
    [MemberData(nameof(ListPaths.All), MemberType = typeof(ListPaths))]
    public async Task A_burst_past_the_keys_limit_gets_429_in_the_dialects_envelope_while_another_tenant_gets_200(string path)
    {
        using var client = host.NewTenant().Client();
        using var neighbour = host.NewTenant().Client();

        for (var i = 0; i < TightLimits.KeyBurst; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        }

        var refused = await client.GetAsync(path);

        await AssertTooManyRequestsAsync(refused, path);
        Assert.Equal(HttpStatusCode.OK, (await neighbour.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task A_refused_write_writes_nothing()
    {
        var tenant = host.NewTenant();
        using var client = tenant.Client();
        for (var i = 0; i < TightLimits.KeyBurst; i++)
        {
            await client.GetAsync("/api/v1/conversations");
        }

        var refused = await client.PostAsync("/api/v1/conversations", Json("""{"user_id":"u","title":"over the limit"}"""));

        await AssertTooManyRequestsAsync(refused, "/api/v1/conversations");
        using var second = host.CreateClient();
        second.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TightLimits.SecondKey(tenant));
        using var list = JsonDocument.Parse(await second.GetStringAsync("/api/v1/conversations"));
        Assert.Equal(0, list.RootElement.GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task Two_keys_of_one_tenant_share_the_tenants_limit()
    {
        var tenant = host.NewTenant();
        using var first = tenant.Client();
        using var second = host.CreateClient();
        second.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TightLimits.SecondKey(tenant));
        const string path = "/openai/v1/conversations";
        for (var i = 0; i < TightLimits.KeyBurst; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync(path)).StatusCode);
        }

        // The second key has a bucket of its own, but the tenant's holds only what the first key left.
        for (var i = TightLimits.KeyBurst; i < TightLimits.TenantBurst; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await second.GetAsync(path)).StatusCode);
        }

        await AssertTooManyRequestsAsync(await second.GetAsync(path), path);
    }

    [Fact]
    public async Task OpenAI_answers_say_the_limit_what_remains_and_when_it_resets()
    {
        using var client = Host.NewTenant().Client();

        var first = await client.GetAsync("/openai/v1/conversations");
        var second = await client.GetAsync("/openai/v1/conversations");

        Assert.Equal("5", Header(first, "x-ratelimit-limit-requests"));
        Assert.Equal("4", Header(first, "x-ratelimit-remaining-requests"));
        Assert.Equal("3", Header(second, "x-ratelimit-remaining-requests"));
        // One token used refills in 1000 s, two in 2000 s (OpenAI writes durations like "6m0s").
        Assert.Matches(@"^1[67]m\d+s$", Header(first, "x-ratelimit-reset-requests"));
        Assert.Matches(@"^3[23]m\d+s$", Header(second, "x-ratelimit-reset-requests"));
    }

    protected static async Task AssertTooManyRequestsAsync(HttpResponseMessage response, string path)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, TightLimits.KeyRefillSeconds);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        switch (path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0])
        {
            case "openai":
                var error = root.GetProperty("error");
                Assert.Equal(["code", "message", "param", "type"], error.EnumerateObject().Select(p => p.Name).Order());
                Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
                Assert.Equal("requests", error.GetProperty("type").GetString());
                Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
                Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
                Assert.Equal("0", Header(response, "x-ratelimit-remaining-requests"));
                break;
            case "v1":
                Assert.Equal(["code", "message", "status"], root.EnumerateObject().Select(p => p.Name).Order());
                Assert.Equal("rate_limit_error", root.GetProperty("code").GetString());
                Assert.Equal(429, root.GetProperty("status").GetInt32());
                Assert.False(response.Headers.Contains("x-ratelimit-limit-requests"));
                break;
            default:
                Assert.Equal(["detail"], root.EnumerateObject().Select(p => p.Name));
                Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("detail").GetString()));
                break;
        }
    }

    protected static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();

    protected static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}

public sealed class RateLimitTestsOnFunctions(RateLimitedFunctionsApiHost host) : RateLimitTests<RateLimitedFunctionsApiHost>(host);

/// <summary>Each dialect's list route, the cheapest request of each.</summary>
public static class ListPaths
{
    public static TheoryData<string> All() => new() { "/v1/conversations?user=u", "/openai/v1/conversations", "/api/v1/conversations" };
}
