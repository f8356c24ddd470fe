using System.Net;
using System.Net.Http.Headers;
using Conversations.Api.Tests.Hosting;
using Conversations.Api.Tests.Keys;
using Conversations.Keys;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Conversations.Api.Tests.Protection;

/// <summary>The limits on the self-hosted server, where a fake clock drives the buckets.</summary>
public sealed class RateLimitTestsOnSqlite(RateLimitedSqliteApiHost host) : RateLimitTests<RateLimitedSqliteApiHost>(host)
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_refused_key_is_admitted_again_once_its_bucket_has_refilled()
    {
        using var server = Server();
        using var client = server.CreateClientFor(Host.NewTenant());
        for (var i = 0; i < TightLimits.KeyBurst; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/conversations")).StatusCode);
        }

        var refused = await client.GetAsync("/api/v1/conversations");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TightLimits.KeyRefillSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(refused, "Retry-After"));

        _time.Advance(TimeSpan.FromSeconds(TightLimits.KeyRefillSeconds - 1));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/v1/conversations")).StatusCode);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/conversations")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/v1/conversations")).StatusCode);
    }

    [Fact]
    public async Task A_burst_of_unknown_well_formed_keys_reads_the_registry_at_most_the_failed_authentication_limit()
    {
        CountingKeyStore? registry = null;
        using var server = Server(services =>
        {
            var real = services.Last(d => d.ServiceType == typeof(IApiKeyStore));
            services.AddSingleton<IApiKeyStore>(sp => registry = new CountingKeyStore((IApiKeyStore)real.ImplementationFactory!(sp)));
        });
        using var attacker = server.CreateClient();
        attacker.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3 * TightLimits.FailedAuthPerMinute; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/openai/v1/conversations");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKeyFormat.NewKey());
            var response = await attacker.SendAsync(request);
            answers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // A minute's worth of failures refills at one every 60 / limit seconds.
                Assert.Equal("6", Header(response, "Retry-After"));
            }
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, TightLimits.FailedAuthPerMinute), answers.Take(TightLimits.FailedAuthPerMinute));
        Assert.All(answers.Skip(TightLimits.FailedAuthPerMinute), a => Assert.Equal(HttpStatusCode.TooManyRequests, a));
        Assert.Equal(TightLimits.FailedAuthPerMinute, registry!.Finds);

        // Another address is not held back by this one.
        using var neighbour = server.CreateClient();
        neighbour.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.1");
        neighbour.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKeyFormat.NewKey());
        Assert.Equal(HttpStatusCode.Unauthorized, (await neighbour.GetAsync("/openai/v1/conversations")).StatusCode);
        Assert.Equal(TightLimits.FailedAuthPerMinute + 1, registry.Finds);

        // Once a failure's worth has refilled, the address may try once more.
        _time.Advance(TimeSpan.FromSeconds(6));
        using var retry = new HttpRequestMessage(HttpMethod.Get, "/openai/v1/conversations");
        retry.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKeyFormat.NewKey());
        Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.SendAsync(retry)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await attacker.GetAsync("/openai/v1/conversations")).StatusCode);
    }

    private WebApplicationFactory<Program> Server(Action<IServiceCollection>? configure = null) =>
        Host.Server.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(_time);
            configure?.Invoke(services);
        }));
}

/// <summary>The default limits never hold back a single client sending hundreds of requests in a row.</summary>
public sealed class DefaultRateLimitTests(SqliteApiHost host) : IClassFixture<SqliteApiHost>
{
    [Fact]
    public async Task Three_hundred_requests_in_a_row_all_succeed_under_the_default_limits()
    {
        using var client = host.NewTenant().Client();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 300; i++)
        {
            answers.Add(await client.GetAsync("/openai/v1/conversations"));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal("2000", answers[^1].Headers.GetValues("x-ratelimit-limit-requests").Single());
        Assert.True(int.Parse(answers[^1].Headers.GetValues("x-ratelimit-remaining-requests").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1700);
    }

    [Fact]
    public async Task Under_the_default_limits_OpenAI_answers_count_the_tokens_used_and_reset_within_milliseconds()
    {
        // The key's bucket (2,000, refilling 1,000 a second) is the tighter one; a stopped clock makes its count exact.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var server = host.Server.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(time)));
        using var client = server.CreateClientFor(host.NewTenant());

        var first = await client.GetAsync("/openai/v1/conversations");
        Assert.Equal(("1999", "1ms"), RemainingAndReset(first));

        for (var i = 1; i < 300; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openai/v1/conversations")).StatusCode);
        }

        // 300 used: 300 ms to refill. Then 100.5 ms give 100.5 tokens back, the next request takes one,
        // and the whole 1,799 left need 201 ms (OpenAI writes durations under a second as whole ms).
        time.Advance(TimeSpan.FromMicroseconds(100_500));
        Assert.Equal(("1799", "201ms"), RemainingAndReset(await client.GetAsync("/openai/v1/conversations")));

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(("1999", "1ms"), RemainingAndReset(await client.GetAsync("/openai/v1/conversations")));

        static (string, string) RemainingAndReset(HttpResponseMessage answer) =>
            (answer.Headers.GetValues("x-ratelimit-remaining-requests").Single(), answer.Headers.GetValues("x-ratelimit-reset-requests").Single());
    }
}
