using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Conversations.Storage.Cosmos;

/// <summary>
/// Pays at start what a cold instance would otherwise pay inside its first requests: the token, the
/// account and container metadata, the connections, and the query planner, whose native library takes
/// seconds to load on its first use and which every list under a key prefix needs. Start-up waits at
/// most <see cref="CosmosStoreOptions.WarmUpSeconds"/>; the rest goes on in the background, and a
/// warm-up that fails (no access yet, containers missing) is logged and changes nothing.
/// </summary>
internal sealed class CosmosWarmUp(CosmosClient client, IOptions<CosmosStoreOptions> options, ILogger<CosmosWarmUp> logger) : IHostedService
{
    /// <summary>A tenant id no key maps to (key registry ids never start with a space): the query finds nothing.</summary>
    private const string NoTenant = " warm-up";

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var warmUp = WarmUpAsync(o);
        try
        {
            await warmUp.WaitAsync(TimeSpan.FromSeconds(o.WarmUpSeconds), cancellationToken);
        }
        catch (TimeoutException)
        {
            CosmosLog.WarmUpContinues(logger, o.WarmUpSeconds);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WarmUpAsync(CosmosStoreOptions o)
    {
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            foreach (var name in new[] { o.ConversationsContainer, o.VariablesContainer })
            {
                await client.GetContainer(o.Database, name).ReadContainerAsync(cancellationToken: limit.Token);
            }

            var query = new QueryDefinition("SELECT TOP 1 c.id FROM c WHERE c.tenantId = @tenant").WithParameter("@tenant", NoTenant);
            using var iterator = client.GetContainer(o.Database, o.ConversationsContainer).GetItemQueryIterator<JsonElement>(
                query, requestOptions: new QueryRequestOptions { PartitionKey = CosmosLayout.TenantPrefix(NoTenant), MaxItemCount = 1 });
            await iterator.ReadNextAsync(limit.Token);
        }
        catch (Exception e) when (e is CosmosException or HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            CosmosLog.WarmUpFailed(logger, e);
        }
    }
}
