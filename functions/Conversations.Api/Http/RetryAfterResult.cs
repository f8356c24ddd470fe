using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.Http;

/// <summary>Adds <c>Retry-After</c> (whole seconds, rounded up) to a dialect's 503 answer.</summary>
public sealed class RetryAfterResult(IResult inner, TimeSpan retryAfter) : IResult, IStatusCodeHttpResult
{
    public IResult Inner => inner;

    public TimeSpan RetryAfter => retryAfter;

    public int? StatusCode => (inner as IStatusCodeHttpResult)?.StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return inner.ExecuteAsync(httpContext);
    }
}
