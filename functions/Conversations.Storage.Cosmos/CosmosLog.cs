using Microsoft.Extensions.Logging;

namespace Conversations.Storage.Cosmos;

/// <summary>Request charges at Debug, so the RU cost of each page can be read from the logs in Azure; outages and layout repairs above.</summary>
internal static partial class CosmosLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Cosmos {Operation} on {Container}: {RequestCharge} RU, {Items} item(s), {RoundTrips} round trip(s)")]
    public static partial void Charge(ILogger logger, string operation, string container, double requestCharge, int items, int roundTrips);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Cosmos {Operation} failed with {StatusCode}; reported as store unavailable")]
    public static partial void Unavailable(ILogger logger, Exception exception, string operation, string statusCode);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Cosmos {Operation} kept colliding with concurrent writes (449) after {Attempts} attempts; reported as store unavailable")]
    public static partial void WritesCollided(ILogger logger, string operation, int attempts);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "Cosmos DB {Missing} does not exist and CreateIfMissing is off: every call answers 503 until it is created")]
    public static partial void LayoutMissing(ILogger logger, string missing);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Cosmos DB {Missing} does not exist; creating the store's layout again (CreateIfMissing)")]
    public static partial void LayoutRecreating(ILogger logger, string missing);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error, Message = "Cosmos DB layout check or re-creation failed; calls answer 503 and the next one tries again")]
    public static partial void LayoutRepairFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Cosmos DB warm-up took longer than {Seconds} s; the app starts and the warm-up goes on in the background")]
    public static partial void WarmUpContinues(ILogger logger, int seconds);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Cosmos DB warm-up failed; the first requests load what it would have")]
    public static partial void WarmUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "Cosmos add items failed part way and {Written} written item(s) could not all be removed; they stay in their conversation")]
    public static partial void UndoFailed(ILogger logger, Exception exception, int written);
}
