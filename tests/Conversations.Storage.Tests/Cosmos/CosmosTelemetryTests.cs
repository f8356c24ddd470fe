using System.Diagnostics;
using Conversations.Telemetry;
using Conversations.Testing;

namespace Conversations.Storage.Tests.Cosmos;

/// <summary>
/// Each store call reports its round trips and request charge to the store telemetry, which adds them
/// to the current request's activity. The test server charges 1 RU per request, so here the charge
/// equals the round trips; in Azure it is the service's figure.
/// </summary>
[Collection(SharedCosmosServer.Name)]
public sealed class CosmosTelemetryTests(CosmosStoreFixture fixture)
{
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task A_point_read_reports_one_round_trip_and_its_charge()
    {
        var conversation = TestData.Conversation(TestData.NewTenant(), "u");
        await fixture.Store.CreateConversationAsync(conversation, None);

        var (roundTrips, charge) = await MeasureAsync(() => fixture.Store.FindConversationAsync(UserScope.User(conversation.TenantId, "u"), conversation.Id, None));

        Assert.Equal(1, roundTrips);
        Assert.Equal(1.0, charge);
    }

    [Fact]
    public async Task A_call_of_several_requests_reports_their_sum()
    {
        // Deleting a user's conversation: the query for its items (none here), the delete, then the query for its variables (none here).
        var conversation = TestData.Conversation(TestData.NewTenant(), "u");
        await fixture.Store.CreateConversationAsync(conversation, None);

        var (roundTrips, charge) = await MeasureAsync(() => fixture.Store.DeleteConversationAsync(UserScope.User(conversation.TenantId, "u"), conversation.Id, None));

        Assert.Equal(3, roundTrips);
        Assert.Equal(3.0, charge);
    }

    [Fact]
    public async Task A_lookup_of_a_missing_item_still_reports_what_it_cost()
    {
        var (roundTrips, charge) = await MeasureAsync(() => fixture.Store.FindConversationAsync(UserScope.User(TestData.NewTenant(), "u"), "missing", None));

        Assert.Equal(1, roundTrips);
        Assert.Equal(1.0, charge);
    }

    private static async Task<(int? RoundTrips, double? Charge)> MeasureAsync<T>(Func<Task<T>> call)
    {
        using var request = new Activity("request").Start();
        await call();
        return (request.GetTagItem(StoreTelemetry.RoundTripsTag) as int?, request.GetTagItem(StoreTelemetry.RequestChargeTag) as double?);
    }
}
