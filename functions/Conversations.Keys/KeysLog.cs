using Microsoft.Extensions.Logging;

namespace Conversations.Keys;

/// <summary>The registry's log events. None carries a key; rows are named by their id, not their hash.</summary>
internal static partial class KeysLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Ignored a row of the {Store} key registry that is not a valid key (id {Id}): {Problem}")]
    public static partial void MalformedRow(ILogger logger, string store, string id, string problem);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "The key registry did not answer; cached keys are still served, other keys get 503")]
    public static partial void LookupFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Could not record that key {Id} was used; the registry did not answer")]
    public static partial void UseNotRecorded(ILogger logger, Exception exception, string id);
}
