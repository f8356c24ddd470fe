using System.Security.Cryptography;
using System.Text;
using Conversations.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Conversations.Api.RateLimiting;

/// <summary>
/// Where <see cref="ApiPipeline"/> asks the limits: before authentication (has this address used up its
/// failed attempts?), after a failed one (count it), and after a successful one (the key's and the
/// tenant's buckets). A refusal is the dialect's 429 with <c>Retry-After</c>, before anything is read.
/// </summary>
public static class RateLimitGate
{
    /// <summary>Null when the request may be authenticated; a 429 when its address failed too often.</summary>
    public static IResult? BeforeAuthentication(HttpContext context, Dialect dialect)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(dialect);
        return Limiter(context).FailedAuthenticationWait(ClientAddress.Of(context)) is { } wait ? dialect.TooManyRequests(wait) : null;
    }

    public static void AuthenticationFailed(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Limiter(context).AuthenticationFailed(ClientAddress.Of(context));
    }

    /// <summary>Null when the key and its tenant are within their limits (the dialect's rate headers set); else a 429.</summary>
    public static IResult? Admit(HttpContext context, Dialect dialect, string tenant)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(dialect);
        var verdict = Limiter(context).Admit(KeyPartition(context.Request), tenant);
        if (verdict.State is { } state)
        {
            dialect.WriteRateLimitHeaders(context.Response, state);
        }

        return verdict.IsAdmitted ? null : dialect.TooManyRequests(verdict.RetryAfter);
    }

    private static ApiRateLimiter Limiter(HttpContext context) => context.RequestServices.GetRequiredService<ApiRateLimiter>();

    /// <summary>
    /// The key's bucket is named by a hash of the key: authentication yields the tenant but no key id,
    /// and the key itself is a secret that should not sit in memory longer than the request.
    /// </summary>
    private static string KeyPartition(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(header), hash);
        return Convert.ToHexString(hash[..16]);
    }
}
