using Conversations.Telemetry;
using Microsoft.Extensions.Logging;

namespace Conversations.Storage.Cosmos;

/// <summary>
/// The cost of one store call: each request it sends is logged at Debug with its charge, and the
/// call's total round trips and request units go to <see cref="StoreTelemetry"/> when it ends.
/// </summary>
internal sealed class CosmosCall(ILogger logger, string operation)
{
    public const string Store = "cosmos";

    private int _roundTrips;
    private double _requestCharge;

    public string Operation { get; } = operation;

    /// <summary>Counts requests sent to <paramref name="container"/> that returned <paramref name="items"/> items.</summary>
    public void Charged(string container, double requestCharge, int items, int roundTrips = 1)
    {
        _roundTrips += roundTrips;
        _requestCharge += requestCharge;
        CosmosLog.Charge(logger, Operation, container, requestCharge, items, roundTrips);
    }

    /// <summary>Counts a request that failed: it went to the service and may have been charged.</summary>
    public void Failed(double requestCharge)
    {
        _roundTrips++;
        _requestCharge += requestCharge;
    }

    public void Report() => StoreTelemetry.Record(Store, Operation, _roundTrips, _requestCharge);
}
