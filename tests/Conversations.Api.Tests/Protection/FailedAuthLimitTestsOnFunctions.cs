using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Conversations.Keys;

namespace Conversations.Api.Tests.Protection;

/// <summary>
/// The failed-authentication limit through the Functions app, whose worker sees the Functions host as
/// its peer and the client's address in the host's X-Forwarded-For. A class of its own: once its
/// address is over the limit, every request from it is refused, whatever its key.
/// </summary>
public sealed class FailedAuthLimitTestsOnFunctions(RateLimitedFunctionsApiHost host) : IClassFixture<RateLimitedFunctionsApiHost>
{
    [Fact]
    public async Task Past_the_limit_of_failed_authentications_an_address_gets_429_before_its_key_is_looked_at()
    {
        using var client = host.CreateClient();
        var clock = Stopwatch.StartNew();
        // The whole minute's worth may come at once.
        for (var i = 0; i < TightLimits.FailedAuthPerMinute; i++)
        {
            using var answer = await SendWithUnknownKeyAsync(client);
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        }

        // Then the address is refused. The bucket gets a token back every 60 / limit seconds of real
        // time (the worker's clock cannot be moved), so on a slow machine a request may find one: a
        // 401 here must be explained by the time gone by.
        var (refused, unauthorizedAfterTheLimit) = await DrainAsync(client);
        Assert.InRange(unauthorizedAfterTheLimit, 0, TokensBackAfter(clock.Elapsed));
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 1, 60 / TightLimits.FailedAuthPerMinute);
        Assert.Contains("\"code\":\"rate_limit_error\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        refused.Dispose();

        // A valid key from the same address waits too: its key is not looked at. Sent right after a
        // refusal; should a token come back in between, drain again and retry.
        using var tenant = host.NewTenant().Client();
        var validKeyAnswers = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 5 && !validKeyAnswers.Contains(HttpStatusCode.TooManyRequests); attempt++)
        {
            (await DrainAsync(client)).Refused.Dispose();
            using var answer = await tenant.GetAsync("/v1/conversations?user=u");
            validKeyAnswers.Add(answer.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, validKeyAnswers);
    }

    /// <summary>Fails authentication until the address is refused; the refusal and the 401s before it.</summary>
    private static async Task<(HttpResponseMessage Refused, int Unauthorized)> DrainAsync(HttpClient client)
    {
        for (var unauthorized = 0; unauthorized <= TightLimits.FailedAuthPerMinute; unauthorized++)
        {
            var answer = await SendWithUnknownKeyAsync(client);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return (answer, unauthorized);
            }

            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            answer.Dispose();
        }

        throw new Xunit.Sdk.XunitException($"The address was never refused after {TightLimits.FailedAuthPerMinute} more failed authentications.");
    }

    private static async Task<HttpResponseMessage> SendWithUnknownKeyAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/conversations?user=u");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKeyFormat.NewKey());
        return await client.SendAsync(request);
    }

    private static int TokensBackAfter(TimeSpan elapsed) => 1 + (int)(elapsed.TotalSeconds * TightLimits.FailedAuthPerMinute / 60);
}
