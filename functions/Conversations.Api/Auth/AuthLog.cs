using Microsoft.Extensions.Logging;

namespace Conversations.Api.Auth;

internal static partial class AuthLog
{
    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Could not issue the development API key: the key registry did not answer")]
    public static partial void DevelopmentKeyFailed(ILogger logger, Exception exception);
}
