using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Conversations.Telemetry;

/// <summary>
/// What a store call cost: round trips to the database and, where the database reports one, the
/// request charge (Cosmos DB request units). Each call adds to the current request's activity (so a
/// trace shows the request's totals) and to two metrics.
/// </summary>
public static class StoreTelemetry
{
    public const string RoundTripsTag = "conversations.store.round_trips";
    public const string RequestChargeTag = "conversations.store.request_charge";

    private static readonly Counter<long> RoundTrips =
        ConversationsDiagnostics.Meter.CreateCounter<long>("conversations.store.round_trips", "{round_trip}", "Requests sent to the store.");

    private static readonly Histogram<double> RequestCharge =
        ConversationsDiagnostics.Meter.CreateHistogram<double>("conversations.store.request_charge", "{request_unit}", "Cosmos DB request units per store call.");

    /// <summary>Records one store call; <paramref name="requestCharge"/> is null for stores that have no such measure.</summary>
    public static void Record(string store, string operation, int roundTrips, double? requestCharge)
    {
        var tags = new TagList { { "conversations.store", store }, { "conversations.store.operation", operation } };
        RoundTrips.Add(roundTrips, tags);
        if (requestCharge is { } charge)
        {
            RequestCharge.Record(charge, tags);
        }

        if (Activity.Current is { } activity)
        {
            activity.SetTag(RoundTripsTag, (activity.GetTagItem(RoundTripsTag) as int? ?? 0) + roundTrips);
            if (requestCharge is { } total)
            {
                activity.SetTag(RequestChargeTag, (activity.GetTagItem(RequestChargeTag) as double? ?? 0) + total);
            }
        }
    }
}
