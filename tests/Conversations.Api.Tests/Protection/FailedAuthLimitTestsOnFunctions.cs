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
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 2 * TightLimits.FailedAuthPerMinute; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/conversations?user=u");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKeyFormat.NewKey());
            answers.Add(await client.SendAsync(request));
        }

        Assert.All(answers.Take(TightLimits.FailedAuthPerMinute), a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        Assert.All(answers.Skip(TightLimits.FailedAuthPerMinute), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
        var refused = answers[^1];
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 6);
        Assert.Contains("\"code\":\"rate_limit_error\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A valid key from the same address waits too: its key is not looked at.
        using var tenant = host.NewTenant().Client();
        Assert.Equal(HttpStatusCode.TooManyRequests, (await tenant.GetAsync("/v1/conversations?user=u")).StatusCode);
    }
}
