using System.Net;
using System.Text.Json;
using Conversations.Model;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace Conversations.Storage.Cosmos;

/// <summary>
/// The production store on Azure Cosmos DB for NoSQL. Round trips per call, independent of depth
/// (every page is a keyset predicate with TOP limit+1 over a composite index, never OFFSET):
/// <list type="bullet">
/// <item>a user's page: 1 — a single-partition query under the full key, sent by optimistic direct
/// execution without a query plan (a further round trip only if the service cuts a page short);</item>
/// <item>a tenant-wide page: 1 query-plan request (none where the SDK plans locally) plus 1 per
/// physical partition holding the tenant's key prefix, each reading at most limit+1 items;</item>
/// <item>resuming from an item id (Dify last_id, OpenAI after/before): +1 lookup of that item.</item>
/// </list>
/// The continuation token is not used: the keyset query is already bounded at any depth, and a
/// cursor holding only (sort value, id) never expires. A missing id is resolved by a parameterised
/// query rather than a point read, so "not found" is an empty result on every implementation (the
/// local test server answers a missing point read with 500, and a 500 must stay an error here).
/// </summary>
public sealed class CosmosConversationStore(Container conversations, Container variables, ILogger<CosmosConversationStore> logger) : IConversationStore
{
    private const int MaxWriteAttempts = 10;

    public Task<Conversation?> FindConversationAsync(UserScope scope, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return CosmosFaults.GuardAsync(logger, "find conversation", async () =>
            (await FindConversationDocumentAsync(scope, id, cancellationToken))?.ToModel(), cancellationToken);
    }

    public Task<Page<Conversation>> ListConversationsAsync(ConversationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return CosmosFaults.GuardAsync(logger, "list conversations", async () =>
        {
            var documents = await QueryAsync<ConversationDocument>(
                conversations, CosmosQueries.ListConversations(query), ListTarget(query.Scope), query.Limit + 1, "list conversations", cancellationToken);
            return ToPage(documents, query.Limit, d => d.ToModel());
        }, cancellationToken);
    }

    public Task CreateConversationAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return CosmosFaults.GuardAsync(logger, "create conversation", async () =>
        {
            var response = await conversations.CreateItemAsync(
                ConversationDocument.From(conversation), CosmosLayout.UserPartition(conversation.TenantId, conversation.UserId), WithoutContent, cancellationToken);
            CosmosLog.Charge(logger, "create", conversations.Id, response.RequestCharge, 1, 1);
            return true;
        }, cancellationToken);
    }

    public Task<Conversation?> UpdateConversationAsync(UserScope scope, string id, ConversationChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(changes);
        return CosmosFaults.GuardAsync(logger, "update conversation", () => ReplaceAsync<Conversation, ConversationDocument>(
            conversations, () => FindConversationDocumentAsync(scope, id, cancellationToken), changes.ApplyTo, cancellationToken), cancellationToken);
    }

    public Task<bool> DeleteConversationAsync(UserScope scope, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return CosmosFaults.GuardAsync(logger, "delete conversation", async () =>
        {
            if (await FindConversationDocumentAsync(scope, id, cancellationToken) is not { } current)
            {
                return false;
            }

            // The conversation goes first: its variables are reachable only through it, so a failure
            // between the two deletes leaves nothing visible behind.
            var partition = CosmosLayout.UserPartition(current.TenantId, current.UserId);
            try
            {
                await conversations.DeleteItemAsync<ConversationDocument>(id, partition, WithoutContent, cancellationToken);
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }

            var ids = await QueryAsync<IdOnly>(
                variables, CosmosQueries.VariableIdsOf(current.TenantId, current.UserId, id), Full(current.TenantId, current.UserId), null, "variables of deleted conversation", cancellationToken);
            foreach (var variable in ids)
            {
                try
                {
                    await variables.DeleteItemAsync<VariableDocument>(variable.Id, partition, WithoutContent, cancellationToken);
                }
                catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
                {
                    // Deleted concurrently: the goal is reached.
                }
            }

            return true;
        }, cancellationToken);
    }

    public Task<Variable?> FindVariableAsync(ConversationKey conversation, string variableId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return CosmosFaults.GuardAsync(logger, "find variable", async () =>
            (await FindVariableDocumentAsync(conversation, variableId, cancellationToken))?.ToModel(), cancellationToken);
    }

    public Task<Page<Variable>> ListVariablesAsync(VariableQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return CosmosFaults.GuardAsync(logger, "list variables", async () =>
        {
            var key = query.Conversation;
            var documents = await QueryAsync<VariableDocument>(
                variables, CosmosQueries.ListVariables(query), Full(key.TenantId, key.UserId), query.Limit + 1, "list variables", cancellationToken);
            return ToPage(documents, query.Limit, d => d.ToModel());
        }, cancellationToken);
    }

    public Task CreateVariableAsync(Variable variable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return CosmosFaults.GuardAsync(logger, "create variable", async () =>
        {
            var response = await variables.CreateItemAsync(
                VariableDocument.From(variable), CosmosLayout.UserPartition(variable.TenantId, variable.UserId), WithoutContent, cancellationToken);
            CosmosLog.Charge(logger, "create", variables.Id, response.RequestCharge, 1, 1);
            return true;
        }, cancellationToken);
    }

    public Task<Variable?> UpdateVariableValueAsync(
        ConversationKey conversation, string variableId, JsonElement value, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return CosmosFaults.GuardAsync(logger, "update variable", () => ReplaceAsync<Variable, VariableDocument>(
            variables, () => FindVariableDocumentAsync(conversation, variableId, cancellationToken),
            v => v with { Value = value, UpdatedAt = updatedAt }, cancellationToken), cancellationToken);
    }

    public Task CheckAvailableAsync(CancellationToken cancellationToken) =>
        CosmosFaults.GuardAsync(logger, "check availability", async () =>
        {
            await conversations.ReadContainerAsync(cancellationToken: cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Read-modify-write without lost updates: the replace carries the ETag of what was read, and when
    /// another writer got there first (412) the change is applied again to what that writer stored,
    /// after a short random pause so colliding writers spread out.
    /// </summary>
    private async Task<TModel?> ReplaceAsync<TModel, TDocument>(
        Container container, Func<Task<TDocument?>> find, Func<TModel, TModel> change, CancellationToken cancellationToken)
        where TModel : class
        where TDocument : class, IStoredDocument<TModel, TDocument>
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            if (await find() is not { } current)
            {
                return null;
            }

            var after = change(current.ToModel());
            try
            {
                var response = await container.ReplaceItemAsync(
                    TDocument.From(after), current.Id, CosmosLayout.UserPartition(current.TenantId, current.UserId),
                    new ItemRequestOptions { IfMatchEtag = current.ETag, EnableContentResponseOnWrite = false }, cancellationToken);
                CosmosLog.Charge(logger, "replace", container.Id, response.RequestCharge, 1, 1);
                return after;
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                await Task.Delay(Backoff(attempt), cancellationToken);
            }
        }

        throw new StoreUnavailableException("Concurrent writers kept changing the item.", TimeSpan.FromSeconds(1));
    }

    private static readonly ItemRequestOptions WithoutContent = new() { EnableContentResponseOnWrite = false };

    /// <summary>
    /// A user's conversation by id with the full partition key, as a parameterised single-partition
    /// query rather than a point read: it answers an unknown id with an empty result on every Cosmos
    /// implementation (the local test server turns a missing point read into a 500), at about the
    /// cost of a point read for one small document. A tenant-wide scope queries the tenant prefix.
    /// </summary>
    private async Task<ConversationDocument?> FindConversationDocumentAsync(UserScope scope, string id, CancellationToken cancellationToken)
    {
        // A tenant-wide lookup (no user) runs under the tenant's key prefix, so Cosmos DB reads only
        // the physical partitions holding that tenant instead of fanning out over the container; the
        // tenant filter is in the query text too (the test server ignores the key header).
        var found = await QueryAsync<ConversationDocument>(
            conversations, CosmosQueries.FindConversation(scope, id), ListTarget(scope), 1, "find conversation", cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    private async Task<VariableDocument?> FindVariableDocumentAsync(ConversationKey key, string id, CancellationToken cancellationToken)
    {
        var found = await QueryAsync<VariableDocument>(
            variables, CosmosQueries.FindVariable(key, id), Full(key.TenantId, key.UserId), 1, "find variable", cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>Reads up to <paramref name="wanted"/> items (all when null), logging the request charge.</summary>
    private async Task<List<T>> QueryAsync<T>(
        Container container, QueryDefinition query, Target partition, int? wanted, string operation, CancellationToken cancellationToken)
    {
        // A user's partition is a full key: optimistic direct execution sends the query straight to it
        // without first asking for a query plan (one round trip). A tenant is a key prefix: the SDK
        // plans the query and reads only the partitions under that prefix.
        var options = new QueryRequestOptions
        {
            PartitionKey = partition.Key,
            MaxItemCount = wanted ?? -1,
            EnableOptimisticDirectExecution = partition.IsFullKey,
        };
        using var iterator = container.GetItemQueryIterator<T>(query, requestOptions: options);
        var items = new List<T>();
        double charge = 0;
        var roundTrips = 0;
        while (iterator.HasMoreResults && (wanted is null || items.Count < wanted))
        {
            var page = await iterator.ReadNextAsync(cancellationToken);
            roundTrips++;
            charge += page.RequestCharge;
            items.AddRange(page);
        }

        CosmosLog.Charge(logger, operation, container.Id, charge, items.Count, roundTrips);
        return items;
    }

    private static Page<TModel> ToPage<TDocument, TModel>(List<TDocument> documents, int limit, Func<TDocument, TModel> map)
    {
        var hasMore = documents.Count > limit;
        return new Page<TModel>(documents.Take(limit).Select(map).ToList(), hasMore);
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20) * attempt);

    private static Target Full(string tenantId, string userId) => new(CosmosLayout.UserPartition(tenantId, userId), true);

    private static Target ListTarget(UserScope scope) =>
        scope.UserId is { } user ? Full(scope.TenantId, user) : new(CosmosLayout.TenantPrefix(scope.TenantId), false);

    /// <summary>Where a query runs: one user's partition (a full key) or a tenant's (a key prefix).</summary>
    private readonly record struct Target(PartitionKey Key, bool IsFullKey);

    private sealed record IdOnly(string Id);
}
