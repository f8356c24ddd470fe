using System.Net;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace Conversations.Storage.Cosmos;

/// <summary>
/// Which failures mean "the store cannot answer now". The SDK has already retried throttling (429)
/// and transient gateway errors by the time one reaches us; what is left is reported as an outage
/// with the wait the service asked for, and becomes a 503 with Retry-After. A missing database or
/// container is an outage too, handed to the <see cref="CosmosLayoutKeeper"/> to repair.
/// </summary>
internal static class CosmosFaults
{
    public static async Task<T> GuardAsync<T>(ILogger logger, CosmosLayoutKeeper layout, string operation, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await work();
        }
        catch (CosmosException e) when (CosmosLayoutKeeper.IsMissingLayout(e))
        {
            throw await layout.MissingAsync(e, cancellationToken);
        }
        catch (CosmosException e) when (CosmosItemSize.Refusal(e) is not null)
        {
            throw CosmosItemSize.Refusal(e)!;
        }
        catch (CosmosException e) when (IsOutage(e.StatusCode))
        {
            CosmosLog.Unavailable(logger, e, operation, e.StatusCode.ToString());
            throw new StoreUnavailableException("Cosmos DB is unavailable.", e.RetryAfter, e);
        }
        catch (CosmosOperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            CosmosLog.Unavailable(logger, e, operation, "timeout");
            throw new StoreUnavailableException("Cosmos DB did not answer in time.", e);
        }
        catch (HttpRequestException e)
        {
            CosmosLog.Unavailable(logger, e, operation, "connection");
            throw new StoreUnavailableException("Cosmos DB could not be reached.", e);
        }
    }

    public static bool IsOutage(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.RequestTimeout
            or HttpStatusCode.Gone or HttpStatusCode.GatewayTimeout or HttpStatusCode.BadGateway;

    /// <summary>An item that is not under the key and id a point operation named: a 404 without a sub-status.</summary>
    public static bool IsMissingItem(CosmosException e) => e.StatusCode == HttpStatusCode.NotFound && e.SubStatusCode == 0;

    /// <summary>449 Retry With: the service met a concurrent write to the same item and asks for the write again.</summary>
    public static bool IsWriteCollision(CosmosException e) => (int)e.StatusCode == 449;
}
