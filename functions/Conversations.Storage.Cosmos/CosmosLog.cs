using Microsoft.Extensions.Logging;

namespace Conversations.Storage.Cosmos;

/// <summary>Request charges at Debug, so the RU cost of each page can be read from the logs in Azure; outages above.</summary>
internal static partial class CosmosLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Cosmos {Operation} on {Container}: {RequestCharge} RU, {Items} item(s), {RoundTrips} round trip(s)")]
    public static partial void Charge(ILogger logger, string operation, string container, double requestCharge, int items, int roundTrips);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Cosmos {Operation} failed with {StatusCode}; reported as store unavailable")]
    public static partial void Unavailable(ILogger logger, Exception exception, string operation, string statusCode);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Cosmos {Operation} kept colliding with concurrent writes (449) after {Attempts} attempts; reported as store unavailable")]
    public static partial void WritesCollided(ILogger logger, string operation, int attempts);
}
