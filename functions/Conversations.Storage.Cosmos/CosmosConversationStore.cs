using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
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
/// <item>a conversation's variables: 1 — a query under the conversation's full key, sent by optimistic
/// direct execution without a query plan;</item>
/// <item>a user's or a tenant's page: 1 per physical partition holding the key prefix (tenant, user) or
/// (tenant), sent concurrently, each reading at most limit+1 items (plus a query-plan request where
/// the SDK cannot plan locally);</item>
/// <item>a conversation addressed tenant-wide (no user, so no full key): a query under the tenant's
/// prefix first, then the point operation with the key it found;</item>
/// <item>resuming from an item id (Dify last_id, OpenAI after/before): +1 lookup of that item.</item>
/// </list>
/// The continuation token is not used: the keyset query is already bounded at any depth, and a
/// cursor holding only (sort value, id) never expires. Updates are single writes that cannot conflict
/// (<see cref="CosmosPatches"/>); a conversation is deleted children first and itself last, so a delete
/// cut short leaves the conversation in place and repeating it finishes the job. Each call's round
/// trips and request charge go to the store telemetry.
/// </summary>
public sealed partial class CosmosConversationStore(
    Container conversations, Container variables, ILogger<CosmosConversationStore> logger, bool createIfMissing = false, Container? items = null) : IConversationStore
{
    /// <summary>Attempts of a write the service keeps answering with 449 (a concurrent write to the same item).</summary>
    private const int MaxWriteAttempts = 5;

    private static readonly ItemRequestOptions WithoutContent = new() { EnableContentResponseOnWrite = false };

    /// <summary>Requests a prefix query sends at once, one per physical partition: the SDK's own choice.</summary>
    private const int PrefixQueryConcurrency = -1;

    private CosmosLayoutKeeper? _layoutKeeper;

    // Built on first use, as the items container is: a store over mocked containers has no database
    // to find the items container in, and then keeps the two it was given.
    private CosmosLayoutKeeper Layout => _layoutKeeper ??= new(
        (items ?? conversations.Database?.GetContainer(CosmosLayout.DefaultItemsContainer)) is { } itemsContainer
            ? [(CosmosLayout.Conversations, conversations), (CosmosLayout.Variables, variables), (CosmosLayout.Items, itemsContainer)]
            : [(CosmosLayout.Conversations, conversations), (CosmosLayout.Variables, variables)],
        createIfMissing,
        logger);

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
            // A filter has no index to seek, so its scan may go on page after empty page: it gets a budget.
            var budget = query.Filter == ConversationFilter.None ? null : new ScanBudget();
            var documents = await QueryAsync<ConversationDocument>(
                call, conversations, CosmosQueries.ListConversations(query), ListTarget(query.Scope), query.Limit + 1, cancellationToken, budget);
            if (budget is { Spent: true } && documents.Count <= query.Limit)
            {
                // Stopped early: what was found, and more may follow. Where the service stopped reading
                // is not known, so a next page can only resume after the last match.
                var found = documents.Select(d => d.ToModel()).ToList();
                return new Page<Conversation>(found, true, found.Count > 0 ? KeysetPosition.Of(found[^1], query.Sort.Field) : null);
            }

            return ToPage(documents, query.Limit, d => d.ToModel());
        }, cancellationToken);
    }

    public Task CreateConversationAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return RunAsync("create conversation", async call =>
        {
            await CreateAsync(call, conversations, ConversationDocument.From(conversation), Partition.Of(conversation).Key, cancellationToken);
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

            var patches = CosmosPatches.Of(changes);
            var updated = patches.FitOnePatch
                ? await PatchAsync<ConversationDocument>(call, conversations, id, partition, patches.Operations, cancellationToken)
                : await ReplaceAsync(call, id, partition, patches, cancellationToken);
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

            // Children first, the conversation last: until the conversation document goes, everything
            // of it is reachable through it, so a delete cut short (an outage, the deadline) leaves a
            // conversation that a repeated DELETE finds and finishes. The variables are one query under
            // the conversation's full key, then a point delete each; its items likewise.
            await DeleteItemsOfAsync(call, partition.TenantId, partition.UserId, id, cancellationToken);
            var ids = await QueryAsync<IdOnly>(
                call, variables, CosmosQueries.VariableIdsOf(partition.TenantId, partition.UserId, id), partition.Target, null, cancellationToken);
            foreach (var variable in ids)
            {
                await DeleteAsync(call, variables, variable.Id, partition.Key, cancellationToken);
            }

            return await DeleteAsync(call, conversations, id, partition.Key, cancellationToken);
        }, cancellationToken);
    }

    public Task<Variable?> FindVariableAsync(ConversationKey conversation, string variableId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return RunAsync("find variable", async call =>
        {
            var partition = new Partition(conversation.TenantId, conversation.UserId, conversation.ConversationId);
            return (await ReadAsync<VariableDocument>(call, variables, variableId, partition.Key, cancellationToken))?.ToModel();
        }, cancellationToken);
    }

    public Task<Page<Variable>> ListVariablesAsync(VariableQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return RunAsync("list variables", async call =>
        {
            var key = query.Conversation;
            var partition = new Partition(key.TenantId, key.UserId, key.ConversationId);
            var documents = await QueryAsync<VariableDocument>(
                call, variables, CosmosQueries.ListVariables(query), partition.Target, query.Limit + 1, cancellationToken);
            return ToPage(documents, query.Limit, d => d.ToModel());
        }, cancellationToken);
    }

    public Task CreateVariableAsync(Variable variable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return RunAsync("create variable", async call =>
        {
            var partition = new Partition(variable.TenantId, variable.UserId, variable.ConversationId);
            await CreateAsync(call, variables, VariableDocument.From(variable), partition.Key, cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<Variable?> UpdateVariableValueAsync(
        ConversationKey conversation, string variableId, JsonElement value, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return RunAsync("update variable", async call =>
        {
            // One patch under the conversation's key: a variable of another conversation is not there (404).
            var partition = new Partition(conversation.TenantId, conversation.UserId, conversation.ConversationId);
            var updated = await PatchAsync<VariableDocument>(
                call, variables, variableId, partition, CosmosPatches.Value(value, updatedAt).Operations, cancellationToken);
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
                throw await Layout.MissingAsync(e, cancellationToken);
            }

            return true;
        }, cancellationToken);

    /// <summary>Runs one store call: failures translated for the callers, its cost reported however it ends.</summary>
    private async Task<T> RunAsync<T>(string operation, Func<CosmosCall, Task<T>> work, CancellationToken cancellationToken)
    {
        var call = new CosmosCall(logger, operation);
        try
        {
            return await CosmosFaults.GuardAsync(logger, Layout, operation, async () =>
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
            return await ReadAsync<ConversationDocument>(call, conversations, id, new Partition(scope.TenantId, user, id).Key, cancellationToken);
        }

        var found = await QueryAsync<ConversationDocument>(
            call, conversations, CosmosQueries.FindConversationInTenant(scope.TenantId, id, whole: true), ListTarget(scope), 1, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>
    /// The partition of a conversation in the scope: known in a user's scope; in a tenant-wide one
    /// looked up by reading only the conversation's user. Null when it is not there.
    /// </summary>
    private async Task<Partition?> ConversationPartitionAsync(CosmosCall call, UserScope scope, string id, CancellationToken cancellationToken)
    {
        if (scope.UserId is { } user)
        {
            return new Partition(scope.TenantId, user, id);
        }

        var found = await QueryAsync<UserOnly>(
            call, conversations, CosmosQueries.FindConversationInTenant(scope.TenantId, id, whole: false), ListTarget(scope), 1, cancellationToken);
        return found.Count > 0 ? new Partition(scope.TenantId, found[0].UserId, id) : null;
    }

    /// <summary>A new document, serialized here so its size is checked before it is sent.</summary>
    private static async Task CreateAsync<T>(CosmosCall call, Container container, T document, PartitionKey partition, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(document, CosmosJson.Options);
        CosmosItemSize.Check(json.Length);
        using var content = new MemoryStream(json, writable: false);
        using var response = await container.CreateItemStreamAsync(content, partition, WithoutContent, cancellationToken);
        response.EnsureSuccessStatusCode();
        call.Charged(container.Id, response.Headers.RequestCharge, 1);
    }

    /// <summary>A point delete: true when the item was there, false when it was already gone.</summary>
    private static async Task<bool> DeleteAsync(CosmosCall call, Container container, string id, PartitionKey partition, CancellationToken cancellationToken)
    {
        try
        {
            var response = await container.DeleteItemAsync<object>(id, partition, WithoutContent, cancellationToken);
            call.Charged(container.Id, response.RequestCharge, 1);
            return true;
        }
        catch (CosmosException e) when (CosmosFaults.IsMissingItem(e))
        {
            call.Charged(container.Id, e.RequestCharge, 0);
            return false;
        }
    }

    /// <summary>
    /// An update of more fields than one patch takes, as one write: the document is read, changed and
    /// replaced on condition that it is still the version read (its ETag); when another write came in
    /// between, it is read again. Null when the conversation is not there.
    /// </summary>
    private async Task<ConversationDocument?> ReplaceAsync(CosmosCall call, string id, Partition partition, CosmosPatches patches, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            ItemResponse<JsonObject> read;
            try
            {
                read = await conversations.ReadItemAsync<JsonObject>(id, partition.Key, cancellationToken: cancellationToken);
                call.Charged(conversations.Id, read.RequestCharge, 1);
            }
            catch (CosmosException e) when (CosmosFaults.IsMissingItem(e))
            {
                call.Charged(conversations.Id, e.RequestCharge, 0);
                return null;
            }

            var document = read.Resource;
            patches.ApplyTo(document);
            CosmosItemSize.Check(JsonSerializer.SerializeToUtf8Bytes(document, CosmosJson.Options).Length);
            try
            {
                var replaced = await conversations.ReplaceItemAsync(document, id, partition.Key, new ItemRequestOptions { IfMatchEtag = read.ETag }, cancellationToken);
                call.Charged(conversations.Id, replaced.RequestCharge, 1);
                return replaced.Resource.Deserialize<ConversationDocument>(CosmosJson.Options);
            }
            catch (CosmosException e) when (CosmosFaults.IsMissingItem(e))
            {
                call.Charged(conversations.Id, e.RequestCharge, 0);
                return null;
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed && attempt < MaxWriteAttempts)
            {
                // Another write came in between the read and the replace: read it and apply the change again.
                call.Charged(conversations.Id, e.RequestCharge, 0);
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                call.Charged(conversations.Id, e.RequestCharge, 0);
                CosmosLog.WritesCollided(logger, call.Operation, attempt);
                throw new StoreUnavailableException("Concurrent writes to the item kept colliding.", TimeSpan.FromSeconds(1), e);
            }
        }
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
    /// that key and id. Patches do not conflict with
    /// each other, but the service may still answer a write that met another one on the same item
    /// with 449 after the SDK's own retries: that is retried here after a short random pause, so
    /// colliding writers spread out, and reported as an outage if it keeps happening.
    /// </summary>
    private async Task<T?> PatchAsync<T>(
        CosmosCall call, Container container, string id, Partition partition, IReadOnlyList<PatchOperation> operations, CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await container.PatchItemAsync<T>(id, partition.Key, operations, cancellationToken: cancellationToken);
                call.Charged(container.Id, response.RequestCharge, 1);
                return response.Resource;
            }
            catch (CosmosException e) when (CosmosFaults.IsMissingItem(e))
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
        CosmosCall call, Container container, QueryDefinition query, Target partition, int? wanted, CancellationToken cancellationToken, ScanBudget? budget = null)
    {
        // A conversation's partition is a full key: optimistic direct execution sends the query straight
        // to it without first asking for a query plan (one round trip). A user or a tenant is a key
        // prefix: the SDK plans the query and reads the physical partitions under that prefix, all at once.
        var options = new QueryRequestOptions
        {
            PartitionKey = partition.Key,
            MaxItemCount = wanted ?? -1,
            EnableOptimisticDirectExecution = partition.IsFullKey,
            MaxConcurrency = partition.IsFullKey ? 0 : PrefixQueryConcurrency,
        };
        using var iterator = container.GetItemQueryIterator<T>(query, requestOptions: options);
        var items = new List<T>();
        double charge = 0;
        var roundTrips = 0;
        while (iterator.HasMoreResults && (wanted is null || items.Count < wanted))
        {
            if (budget is not null && (roundTrips >= ScanBudget.MaxRoundTrips || charge >= ScanBudget.MaxRequestCharge))
            {
                budget.Spent = true;
                break;
            }

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
                throw await Layout.MissingAsync(e, cancellationToken);
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

    private static Target ListTarget(UserScope scope) =>
        scope.UserId is { } user ? new(CosmosLayout.UserPrefix(scope.TenantId, user), false) : new(CosmosLayout.TenantPrefix(scope.TenantId), false);

    /// <summary>Where a query runs: one conversation's partition (a full key) or a user's or tenant's (a key prefix).</summary>
    private readonly record struct Target(PartitionKey Key, bool IsFullKey);

    /// <summary>One conversation's partition: the conversation, and in the variables container its variables.</summary>
    private sealed record Partition(string TenantId, string UserId, string ConversationId)
    {
        public PartitionKey Key { get; } = CosmosLayout.ConversationPartition(TenantId, UserId, ConversationId);

        public Target Target => new(Key, true);

        public static Partition Of(Conversation conversation) => new(conversation.TenantId, conversation.UserId, conversation.Id);
    }

    private sealed record IdOnly(string Id);

    /// <summary>What one filtered list page may spend before it answers with what it found.</summary>
    private sealed class ScanBudget
    {
        public const int MaxRoundTrips = 10;
        public const double MaxRequestCharge = 1000;

        public bool Spent { get; set; }
    }
}
