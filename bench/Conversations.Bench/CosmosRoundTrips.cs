using System.Globalization;
using System.Text;
using Conversations.Storage;
using Conversations.Storage.Cosmos;
using Conversations.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conversations.Bench;

/// <summary>
/// Requests sent to the Cosmos endpoint per page, first and deep, counted on the SDK's HTTP pipeline
/// against the local Cosmos protocol server. Request charges are not meaningful there (it reports
/// 1 RU); in Azure they are logged per query at Debug.
/// </summary>
internal static class CosmosRoundTrips
{
    public static async Task<string> RunAsync(int conversations)
    {
        await using var server = new CosmosTestServer();
        await server.InitializeAsync();
        var counter = new RequestCounter();
        using var client = server.CreateClient(o => o.HttpClientFactory = () => new HttpClient(counter, disposeHandler: false));
        var (conversationsContainer, variables) = await CosmosTestServer.CreateContainersAsync(client, "bench");
        var store = new CosmosConversationStore(conversationsContainer, variables, NullLogger<CosmosConversationStore>.Instance);
        var tenant = TestData.NewTenant();
        for (var i = 0; i < conversations; i++)
        {
            await store.CreateConversationAsync(TestData.Conversation(tenant, "u", TestData.Epoch.AddMilliseconds(i)), CancellationToken.None);
        }

        var sort = new ConversationSort(ConversationSortField.UpdatedAt, true);
        var query = new ConversationQuery(UserScope.User(tenant, "u"), sort, ConversationFilter.None, 20);
        await store.ListConversationsAsync(query, CancellationToken.None);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"### Cosmos DB round trips per page ({conversations:N0} conversations of one user, local Cosmos protocol server)");
        report.AppendLine();
        report.AppendLine("| depth (items) | requests to the Cosmos endpoint | items |");
        report.AppendLine("| ---: | ---: | ---: |");
        foreach (var depth in new[] { 0, conversations / 2, conversations - 40 })
        {
            var position = depth == 0 ? null : new KeysetPosition(TestData.Epoch.AddMilliseconds(conversations - depth).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), "~");
            var (count, page) = await counter.CountAsync(() => store.ListConversationsAsync(query with { After = position }, CancellationToken.None));
            report.AppendLine(CultureInfo.InvariantCulture, $"| {depth:N0} | {count} | {page.Items.Count} |");
        }

        return report.ToString();
    }
}
