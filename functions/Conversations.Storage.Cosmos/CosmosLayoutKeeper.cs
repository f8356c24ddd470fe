using System.Net;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace Conversations.Storage.Cosmos;

/// <summary>
/// What the store does when its database or a container is gone (deleted, or an emulator restarted
/// empty): calls answer "unavailable, retry shortly" instead of failing one by one, and the store
/// recovers without a restart. With <c>CreateIfMissing</c> the layout is created again; without it
/// an error names what is missing. Either way one repair runs at a time, shared by every call that
/// finds the layout missing meanwhile, and a repair that just ended is not repeated for the calls
/// that were already on their way, so a burst of failing calls costs one repair, not one each.
/// </summary>
internal sealed class CosmosLayoutKeeper(Container conversations, Container variables, bool createIfMissing, ILogger logger, Container? items = null)
{
    /// <summary>How long callers are asked to wait, and how long a finished repair stands for later failures.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>A repair reads and creates a few resources; it must not hang on a service that stopped answering.</summary>
    private static readonly TimeSpan RepairTimeout = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private Task? _repair;
    private long _repairEndedAt;

    /// <summary>Whether a failure means the database or a container does not exist (404 with sub-status 1003).</summary>
    public static bool IsMissingLayout(CosmosException e) => e.StatusCode == HttpStatusCode.NotFound && e.SubStatusCode == OwnerResourceNotFound;

    /// <summary>Waits for the shared repair, then returns the outage the call reports.</summary>
    public async Task<StoreUnavailableException> MissingAsync(CosmosException error, CancellationToken cancellationToken)
    {
        Task repair;
        lock (_gate)
        {
            var recent = _repair is { IsCompleted: true } && Environment.TickCount64 - Volatile.Read(ref _repairEndedAt) < RetryAfter.TotalMilliseconds;
            if (_repair is null || (_repair.IsCompleted && !recent))
            {
                _repair = Task.Run(RepairAsync, CancellationToken.None);
            }

            repair = _repair;
        }

        await repair.WaitAsync(cancellationToken);
        return new StoreUnavailableException("The Cosmos DB database or a container of the store does not exist.", RetryAfter, error);
    }

    private const int OwnerResourceNotFound = 1003;

    private async Task RepairAsync()
    {
        using var timeout = new CancellationTokenSource(RepairTimeout);
        try
        {
            var missing = await FindMissingAsync(timeout.Token);
            if (!createIfMissing)
            {
                CosmosLog.LayoutMissing(logger, missing);
                return;
            }

            CosmosLog.LayoutRecreating(logger, missing);
            var database = conversations.Database;
            await CosmosLayout.CreateIfMissingAsync(database.Client, database.Id, conversations.Id, variables.Id, timeout.Token, items?.Id ?? CosmosLayout.DefaultItemsContainer);
        }
        catch (Exception e) when (e is CosmosException or HttpRequestException or OperationCanceledException)
        {
            CosmosLog.LayoutRepairFailed(logger, e);
        }
        finally
        {
            Volatile.Write(ref _repairEndedAt, Environment.TickCount64);
        }
    }

    /// <summary>The missing database, or the missing containers, named for the log.</summary>
    private async Task<string> FindMissingAsync(CancellationToken cancellationToken)
    {
        var database = conversations.Database;
        if (!await ExistsAsync(() => database.ReadAsync(cancellationToken: cancellationToken)))
        {
            return $"database '{database.Id}'";
        }

        var missing = new List<string>();
        foreach (var container in items is null ? new[] { conversations, variables } : new[] { conversations, variables, items })
        {
            if (!await ExistsAsync(() => container.ReadContainerAsync(cancellationToken: cancellationToken)))
            {
                missing.Add($"container '{database.Id}/{container.Id}'");
            }
        }

        return missing.Count > 0 ? string.Join(" and ", missing) : $"a container of database '{database.Id}' (it exists again now)";
    }

    private static async Task<bool> ExistsAsync<T>(Func<Task<T>> read)
    {
        try
        {
            await read();
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
