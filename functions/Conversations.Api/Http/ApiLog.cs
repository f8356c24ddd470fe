using Microsoft.Extensions.Logging;

namespace Conversations.Api.Http;

internal static partial class ApiLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Store unavailable on {Route}; answering 503 with Retry-After {RetryAfter}")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception, string route, TimeSpan retryAfter);
}
