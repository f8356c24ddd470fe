using Microsoft.Extensions.Logging;

namespace Conversations.Api.Http;

internal static partial class ApiLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Store unavailable on {Route}; answering 503 with Retry-After {RetryAfter}")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception, string route, TimeSpan retryAfter);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Route} did not finish before the request deadline; answering 503")]
    public static partial void DeadlinePassed(ILogger logger, Exception exception, string route);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{Route} failed unexpectedly; answering 500")]
    public static partial void Unexpected(ILogger logger, Exception exception, string route);
}
