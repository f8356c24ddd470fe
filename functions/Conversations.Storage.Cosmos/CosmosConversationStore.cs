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
/// <item>an item whose full key is known (a user's conversation, a variable): 1 point operation —
/// a read, a patch or a delete, the cheapest requests Cosmos DB serves;</item>
/// <item>a user's page: 1 — a single-partition query under the full key, sent by optimistic direct
/// execution without a query plan (a further round trip only if the service cuts a page short);</item>
/// <item>a tenant-wide page: 1 query-plan request (none where the SDK plans locally) plus 1 per
/// physical partition holding the tenant's key prefix, each reading at most limit+1 items;</item>
/// <item>a conversation addressed tenant-wide (no user, so no full key): a query under the tenant's
/// prefix first, then the point operation with the key it found;</item>
/// <item>resuming from an item id (Dify last_id, OpenAI after/before): +1 lookup of that item.</item>
/// </list>
/// The continuation token is not used: the keyset query is already bounded at any depth, and a
/// cursor holding only (sort value, id) never expires. Updates are partial document updates that
/// cannot conflict (<see cref="CosmosPatches"/>). Each call's round trips and request charge go to
/// the store telemetry.
/// </summary>
public sealed partial class CosmosConversationStore(
    Container conversations, Container variables, ILogger<CosmosConversationStore> logger, bool createIfMissing = false) : IConversationStore
{
    /// <summary>Attempts of a write the service keeps answering with 449 (a concurrent write to the same item).</summary>
    private const int MaxWriteAttempts = 5;

    private static readonly ItemRequestOptions WithoutContent = new() { EnableContentResponseOnWrite = false };

    private readonly CosmosLayoutKeeper _layout = new(conversations, variables, createIfMissing, logger);

    public Task<Conversation?> FindConversationAsync(UserScope scope, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return RunAsync("find conversation", async call =>
            (await FindConversationDocumentAsync(call, scope, id, cancellationToken))?.ToModel(), cancellationToken);
    }

    public Task<Page<Conversation>> ListConversationsAsync(ConversationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return RunAsync("list conversations", async call =>
        {
            var documents = await QueryAsync<ConversationDocument>(
                call, conversations, CosmosQueries.ListConversations(query), ListTarget(query.Scope), query.Limit + 1, cancellationToken);
            return ToPage(documents, query.Limit, d => d.ToModel());
        }, cancellationToken);
    }

    public Task CreateConversationAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return RunAsync("create conversation", async call =>
        {
            var response = await conversations.CreateItemAsync(
                ConversationDocument.From(conversation), CosmosLayout.UserPartition(conversation.TenantId, conversation.UserId), WithoutContent, cancellationToken);
            call.Charged(conversations.Id, response.RequestCharge, 1);
            return true;
        }, cancellationToken);
    }

    public Task<Conversation?> UpdateConversationAsync(UserScope scope, string id, ConversationChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(changes);
        return RunAsync("update conversation", async call =>
        {
            if (await ConversationPartitionAsync(call, scope, id, cancellationToken) is not { } partition)
            {
                return null;
            }

            // A change of more fields than one patch takes goes as consecutive patches rather than a
            // transactional batch: each patch sets values that do not depend on what is stored, so a
            // failure between them leaves a state that repeating the update completes, nothing that
            // conflicts, and the patches run on every Cosmos implementation the project tests against
            // (the local test server cannot read the SDK's binary batch format). Only a change of the
            // name and eight more fields at once needs it: a Mielto update naming nearly every field.
            ConversationDocument? updated = null;
            foreach (var patch in CosmosPatches.InPatches(CosmosPatches.Of(changes)))
            {
                updated = await PatchAsync<ConversationDocument>(call, conversations, id, partition, patch, null, cancellationToken);
                if (updated is null)
                {
                    return null;
                }
            }

            return updated?.ToModel();
        }, cancellationToken);
    }

    public Task<bool> DeleteConversationAsync(UserScope scope, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return RunAsync("delete conversation", async call =>
        {
            if (await ConversationPartitionAsync(call, scope, id, cancellationToken) is not { } partition)
            {
                return false;
            }

            // The conversation goes first: its variables are reachable only through it, so a failure
            // between the two deletes leaves nothing visible behind.
            try
            {
                var response = await conversations.DeleteItemAsync<ConversationDocument>(id, partition.Key, WithoutContent, cancellationToken);
                call.Charged(conversations.Id, response.RequestCharge, 1);
            }
            catch (CosmosException e) when (CosmosFaults.IsMissingItem(e))
            {
                call.Charged(conversations.Id, e.RequestCharge, 0);
                return false;
            }

            var ids = await QueryAsync<IdOnly>(
                call, variables, CosmosQueries.VariableIdsOf(partition.TenantId, partition.UserId, id), Full(partition.TenantId, partition.UserId), null, cancellationToken);
            foreach (var variable in ids)
            {
                try
                {
                    var response = await variables.DeleteItemAsync<VariableDocument>(variable.Id, partition.Key, WithoutContent, cancellationToken);
                    call.Charged(variables.Id, response.RequestCharge, 1);
                }
                catch (CosmosException e) when (CosmosFaults.IsMissingItem(e))
                {
                    // Deleted concurrently: the goal is reached.
                    call.Charged(variables.Id, e.RequestCharge, 0);
                }
            }

            return true;
        }, cancellationToken);
    }

    public Task<Variable?> FindVariableAsync(ConversationKey conversation, string variableId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return RunAsync("find variable", async call =>
        {
            var found = await ReadAsync<VariableDocument>(
                call, variables, variableId, CosmosLayout.UserPartition(conversation.TenantId, conversation.UserId), cancellationToken);
            return found?.ConversationId == conversation.ConversationId ? found.ToModel() : null;
        }, cancellationToken);
    }

    public Task<Page<Variable>> ListVariablesAsync(VariableQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return RunAsync("list variables", async call =>
        {
            var key = query.Conversation;
            var documents = await QueryAsync<VariableDocument>(
                call, variables, CosmosQueries.ListVariables(query), Full(key.TenantId, key.UserId), query.Limit + 1, cancellationToken);
            return ToPage(documents, query.Limit, d => d.ToModel());
        }, cancellationToken);
    }

    public Task CreateVariableAsync(Variable variable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return RunAsync("create variable", async call =>
        {
            var response = await variables.CreateItemAsync(
                VariableDocument.From(variable), CosmosLayout.UserPartition(variable.TenantId, variable.UserId), WithoutContent, cancellationToken);
            call.Charged(variables.Id, response.RequestCharge, 1);
            return true;
        }, cancellationToken);
    }

    public Task<Variable?> UpdateVariableValueAsync(
        ConversationKey conversation, string variableId, JsonElement value, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return RunAsync("update variable", async call =>
        {
            // One conditional patch: the condition keeps the write inside the named conversation
            // (a variable of another conversation of the same user answers 412, read as "not found").
            var partition = new Partition(conversation.TenantId, conversation.UserId);
            var updated = await PatchAsync<VariableDocument>(
                call, variables, variableId, partition, CosmosPatches.Value(value, updatedAt), CosmosQueries.OfConversation(conversation.ConversationId), cancellationToken);
            return updated?.ToModel();
        }, cancellationToken);
    }

    public Task CheckAvailableAsync(CancellationToken cancellationToken) =>
        RunAsync("check availability", async call =>
        {
            try
            {
                var response = await conversations.ReadContainerAsync(cancellationToken: cancellationToken);
                call.Charged(conversations.Id, response.RequestCharge, 1);
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                // Reading the container itself: its absence is a plain 404, not the 1003 of an item request.
                call.Failed(e.RequestCharge);
                throw await _layout.MissingAsync(e, cancellationToken);
            }

            return true;
        }, cancellationToken);

    /// <summary>Runs one store call: failures translated for the callers, its cost reported however it ends.</summary>
    private async Task<T> RunAsync<T>(string operation, Func<CosmosCall, Task<T>> work, CancellationToken cancellationToken)
    {
        var call = new CosmosCall(logger, operation);
        try
        {
            return await CosmosFaults.GuardAsync(logger, _layout, operation, async () =>
            {
                try
                {
                    return await work(call);
                }
                catch (CosmosException e)
                {
                    call.Failed(e.RequestCharge);
                    throw;
                }
            }, cancellationToken);
        }
        finally
        {
            call.Report();
        }
    }

    /// <summary>
    /// A conversation by id: a point read with the full key in a user's scope; under the tenant's
    /// key prefix in a tenant-wide scope, so Cosmos DB reads only the physical partitions holding that
    /// tenant instead of fanning out over the container (the tenant filter is in the query text too).
    /// </summary>
    private async Task<ConversationDocument?> FindConversationDocumentAsync(CosmosCall call, UserScope scope, string id, CancellationToken cancellationToken)
    {
        if (scope.UserId is { } user)
        {
            return await ReadAsync<ConversationDocument>(call, conversations, id, CosmosLayout.UserPartition(scope.TenantId, user), cancellationToken);
        }

        var found = await QueryAsync<ConversationDocument>(
            call, conversations, CosmosQueries.FindConversationInTenant(scope.TenantId, id), ListTarget(scope), 1, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>The partition of a conversation in the scope: known in a user's scope, looked up in a tenant-wide one; null when it is not there.</summary>
    private async Task<Partition?> ConversationPartitionAsync(CosmosCall call, UserScope scope, string id, CancellationToken cancellationToken)
    {
        if (scope.UserId is { } user)
        {
            return new Partition(scope.TenantId, user);
        }

        return await FindConversationDocumentAsync(call, scope, id, cancellationToken) is { } found ? new Partition(found.TenantId, found.UserId) : null;
    }

    /// <summary>A point read: the item, or null when nothing is stored under that key and id.</summary>
    private static async Task<T?> ReadAsync<T>(CosmosCall call, Container container, string id, PartitionKey partition, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var response = await container.ReadItemAsync<T>(id, partition, cancellationToken: cancellationToken);
            call.Charged(container.Id, response.RequestCharge, 1);
            return response.Resource;
        }
        catch (CosmosException e) when (CosmosFaults.IsMissingItem(e))
        {
            call.Charged(container.Id, e.RequestCharge, 0);
            return null;
        }
    }

    /// <summary>
    /// A partial update, returning the item as stored afterwards; null when nothing is stored under
    /// that key and id or the <paramref name="condition"/> does not hold. Patches do not conflict with
    /// each other, but the service may still answer a write that met another one on the same item
    /// with 449 after the SDK's own retries: that is retried here after a short random pause, so
    /// colliding writers spread out, and reported as an outage if it keeps happening.
    /// </summary>
    private async Task<T?> PatchAsync<T>(
        CosmosCall call, Container container, string id, Partition partition, IReadOnlyList<PatchOperation> operations, string? condition, CancellationToken cancellationToken)
        where T : class
    {
        var options = new PatchItemRequestOptions { FilterPredicate = condition };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await container.PatchItemAsync<T>(id, partition.Key, operations, options, cancellationToken);
                call.Charged(container.Id, response.RequestCharge, 1);
                return response.Resource;
            }
            catch (CosmosException e) when (CosmosFaults.IsMissingItem(e) || e.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                call.Charged(container.Id, e.RequestCharge, 0);
                return null;
            }
            catch (CosmosException e) when (CosmosFaults.IsWriteCollision(e) && attempt < MaxWriteAttempts)
            {
                call.Charged(container.Id, e.RequestCharge, 0);
                await Task.Delay(Backoff(attempt), cancellationToken);
            }
            catch (CosmosException e) when (CosmosFaults.IsWriteCollision(e))
            {
                call.Charged(container.Id, e.RequestCharge, 0);
                CosmosLog.WritesCollided(logger, call.Operation, attempt);
                throw new StoreUnavailableException("Concurrent writes to the item kept colliding.", TimeSpan.FromSeconds(1), e);
            }
        }
    }

    /// <summary>Reads up to <paramref name="wanted"/> items (all when null), counting the request charge.</summary>
    private async Task<List<T>> QueryAsync<T>(
        CosmosCall call, Container container, QueryDefinition query, Target partition, int? wanted, CancellationToken cancellationToken)
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
            FeedResponse<T> page;
            try
            {
                page = await iterator.ReadNextAsync(cancellationToken);
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                // A query finds no item rather than a 404; a 404 means the container is gone. The SDK
                // reports it without the 1003 sub-status when it had not yet read the container.
                call.Failed(e.RequestCharge);
                throw await _layout.MissingAsync(e, cancellationToken);
            }

            roundTrips++;
            charge += page.RequestCharge;
            items.AddRange(page);
        }

        call.Charged(container.Id, charge, items.Count, roundTrips);
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

    /// <summary>One user's partition, where every item of a conversation lives.</summary>
    private sealed record Partition(string TenantId, string UserId)
    {
        public PartitionKey Key { get; } = CosmosLayout.UserPartition(TenantId, UserId);
    }

    private sealed record IdOnly(string Id);
}
