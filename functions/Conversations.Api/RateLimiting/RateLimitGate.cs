using Conversations.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

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
        return Limiter(context).FailedAuthenticationWait(context) is { } wait ? dialect.TooManyRequests(wait) : null;
    }

    public static void AuthenticationFailed(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Limiter(context).AuthenticationFailed(context);
    }

    /// <summary>Null when the key and its tenant are within their limits (the dialect's rate headers set); else a 429.</summary>
    public static IResult? Admit(HttpContext context, Dialect dialect, string keyId, string tenant)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(dialect);
        var verdict = Limiter(context).Admit(keyId, tenant);
        if (verdict.State is { } state)
        {
            dialect.WriteRateLimitHeaders(context.Response, state);
        }

        return verdict.IsAdmitted ? null : dialect.TooManyRequests(verdict.RetryAfter);
    }

    private static ApiRateLimiter Limiter(HttpContext context) => context.RequestServices.GetRequiredService<ApiRateLimiter>();
}
