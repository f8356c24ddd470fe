using System.Globalization;
using Conversations.Api.Http;
using Conversations.Api.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.OpenAI;

public sealed class OpenAIDialect : Dialect
{
    public static readonly OpenAIDialect Instance = new();

    public override string Name => "OpenAI";

    public override string DocumentName => "openai";

    public override string PathPrefix => "/openai";

    public override IResult Unauthorized() =>
        OpenAIErrors.Error(401, "invalid_request_error", "invalid_api_key", "Incorrect or missing API key. Send it as 'Authorization: Bearer <key>'.", null);

    public override IResult Forbidden(string message) => OpenAIErrors.Forbidden(message);

    public override IResult Unavailable(TimeSpan retryAfter) =>
        new OpenAIErrorResult(503, new OpenAIErrorEnvelope(new OpenAIError("service_unavailable", "The conversation store is temporarily unavailable; retry later.", null, "server_error")))
        {
            RetryAfter = retryAfter,
        };

    public override IResult TooManyRequests(TimeSpan retryAfter) =>
        new OpenAIErrorResult(429, new OpenAIErrorEnvelope(new OpenAIError("rate_limit_exceeded", RateLimitMessage, null, "requests"))) { RetryAfter = retryAfter };

    /// <summary>The headers OpenAI documents for request limits (https://platform.openai.com/docs/guides/rate-limits).</summary>
    public override void WriteRateLimitHeaders(HttpResponse response, RateLimitState state)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers["x-ratelimit-limit-requests"] = LimitText(state.Limit);
        response.Headers["x-ratelimit-remaining-requests"] = state.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-reset-requests"] = Duration(state.Reset);
    }

    public override IResult Failure(int status, string message) => OpenAIErrors.Error(
        status,
        status >= 500 ? "server_error" : "invalid_request_error",
        status switch { 404 => "not_found", 405 => "method_not_allowed", 500 => "internal_error", _ => null },
        message,
        null);

    public override IResult InvalidParameter(string name, string message) => OpenAIErrors.InvalidParameter(name, message);

    public override IResult InvalidBody(BodyProblem problem) => OpenAIErrors.Body(problem);

    internal const string RateLimitMessage = "Rate limit reached for requests. Retry after the number of seconds in Retry-After.";

    // The limit is the same on every answer of an instance: formatted once, not per request.
    private static LimitHeader? _limitHeader;

    private static string LimitText(long limit)
    {
        var known = _limitHeader;
        if (known?.Limit != limit)
        {
            known = new LimitHeader(limit, limit.ToString(CultureInfo.InvariantCulture));
            _limitHeader = known;
        }

        return known.Text;
    }

    /// <summary>
    /// A duration as OpenAI writes its reset times: <c>20ms</c>, <c>1.5s</c>, <c>6m0s</c>. Under a second,
    /// the common case on every answer, the milliseconds are formatted as an integer (a <c>double</c>
    /// costs several times as much to format).
    /// </summary>
    internal static string Duration(TimeSpan time) => time switch
    {
        { Ticks: 0 } => "0ms",
        { TotalSeconds: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(long)Math.Ceiling(time.TotalMilliseconds)}ms"),
        { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(time.TotalSeconds, 3)}s"),
        { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{time.Minutes}m{time.Seconds}s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours}h{time.Minutes}m{time.Seconds}s"),
    };

    private sealed record LimitHeader(long Limit, string Text);
}
