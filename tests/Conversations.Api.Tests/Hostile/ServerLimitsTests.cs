using System.Net;
using Conversations.Api.Tests.Hosting;

namespace Conversations.Api.Tests.Hostile;

/// <summary>
/// The self-hosted server's own limits on the request line and headers answer with a body in the
/// dialect's envelope. (In Azure the Functions front end enforces its own limits before the app.)
/// </summary>
public sealed class ServerLimitsTests(SqliteApiHost host) : IClassFixture<SqliteApiHost>
{
    [Theory]
    [InlineData("/v1/conversations")]
    [InlineData("/openai/v1/conversations")]
    [InlineData("/api/v1/conversations")]
    public async Task An_oversized_url_answers_414_with_a_body(string path)
    {
        var client = host.NewTenant().Client();

        await DialectErrors.AssertEnvelopeAsync(await client.GetAsync(path + "?search=" + new string('a', 9000)), path, HttpStatusCode.RequestUriTooLong);
    }

    [Theory]
    [InlineData("/v1/conversations")]
    [InlineData("/openai/v1/conversations")]
    [InlineData("/api/v1/conversations")]
    public async Task Oversized_headers_answer_431_with_a_body(string path)
    {
        var client = host.NewTenant().Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Filler", new string('h', 40_000));

        await DialectErrors.AssertEnvelopeAsync(await client.SendAsync(request), path, HttpStatusCode.RequestHeaderFieldsTooLarge);
    }
}
