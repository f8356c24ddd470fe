using System.Text.Json;
using Conversations.Model;
using Microsoft.Azure.Cosmos;

namespace Conversations.Storage.Cosmos;

// Conversation items, in their own container with one logical partition per conversation (tenant,
// user, conversation): a read or delete by id is a point operation, a page a full-key keyset query.
public sealed partial class CosmosConversationStore
{
    /// <summary>How long undoing a failed batch may take: it runs after the caller's own deadline may have passed.</summary>
    private static readonly TimeSpan UndoTimeout = TimeSpan.FromSeconds(10);

    private Container? _itemsContainer;

    /// <summary>The items container: the one given, else the default one in the conversations container's database.</summary>
    private Container ItemsContainer => _itemsContainer ??= items ?? conversations.Database.GetContainer(CosmosLayout.DefaultItemsContainer);

    public async Task<bool> AddItemsAsync(ConversationKey conversation, IReadOnlyList<ConversationItem> items, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(items);
        var partition = ItemPartition(conversation);
        var written = new List<string>(items.Count);
        try
        {
            await RunAsync("add items", async call =>
            {
                // One create per item, in order. A transactional batch would make the batch atomic in
                // one request, but the local Cosmos test server cannot read the SDK's batch format; so
                // a batch that fails part way is undone below by deleting what it wrote.
                foreach (var item in items)
                {
                    var response = await ItemsContainer.CreateItemAsync(ItemDocument.From(item), partition, WithoutContent, cancellationToken);
                    call.Charged(ItemsContainer.Id, response.RequestCharge, 1);
                    written.Add(item.Id);
                }

                return true;
            }, cancellationToken);

            // The conversation is touched after its items: were it deleted meanwhile, the items just
            // written would be orphans, so they are removed and the caller is told it is gone.
            var touched = await UpdateConversationAsync(
                UserScope.User(conversation.TenantId, conversation.UserId), conversation.ConversationId, new ConversationChanges(updatedAt), cancellationToken);
            if (touched is not null)
            {
                return true;
            }
        }
        catch (Exception e) when (e is StoreUnavailableException or CosmosException or OperationCanceledException)
        {
            await UndoAsync(partition, written);
            throw;
        }

        await UndoAsync(partition, written);
        return false;
    }

    public Task<ConversationItem?> FindItemAsync(ConversationKey conversation, string itemId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return RunAsync("find item", async call =>
            (await ReadAsync<ItemDocument>(call, ItemsContainer, itemId, ItemPartition(conversation), cancellationToken))?.ToModel(), cancellationToken);
    }

    public Task<Page<ConversationItem>> ListItemsAsync(ItemQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return RunAsync("list items", async call =>
        {
            var documents = await QueryAsync<ItemDocument>(
                call, ItemsContainer, ItemQueries.List(query), new Target(ItemPartition(query.Conversation), true), query.Limit + 1, cancellationToken);
            return ToPage(documents, query.Limit, d => d.ToModel());
        }, cancellationToken);
    }

    public Task<bool> DeleteItemAsync(ConversationKey conversation, string itemId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return RunAsync("delete item", call => DeleteAsync(call, ItemsContainer, itemId, ItemPartition(conversation), cancellationToken), cancellationToken);
    }

    /// <summary>Deletes every item of a conversation, one point delete each (a delete that finds none already gone is fine).</summary>
    private async Task DeleteItemsOfAsync(CosmosCall call, string tenantId, string userId, string conversationId, CancellationToken cancellationToken)
    {
        var partition = CosmosLayout.ItemPartition(tenantId, userId, conversationId);
        var ids = await QueryAsync<IdOnly>(
            call, ItemsContainer, ItemQueries.IdsOf(tenantId, userId, conversationId), new Target(partition, true), null, cancellationToken);
        foreach (var item in ids)
        {
            await DeleteAsync(call, ItemsContainer, item.Id, partition, cancellationToken);
        }
    }

    /// <summary>Removes the items of a batch that did not complete; what cannot be removed now stays, as items of their conversation.</summary>
    private async Task UndoAsync(PartitionKey partition, List<string> written)
    {
        if (written.Count == 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(UndoTimeout);
        try
        {
            await RunAsync("undo add items", async call =>
            {
                foreach (var id in written)
                {
                    await DeleteAsync(call, ItemsContainer, id, partition, timeout.Token);
                }

                return true;
            }, timeout.Token);
        }
        catch (Exception e) when (e is StoreUnavailableException or CosmosException or OperationCanceledException)
        {
            CosmosLog.UndoFailed(logger, e, written.Count);
        }
    }

    private static PartitionKey ItemPartition(ConversationKey conversation) =>
        CosmosLayout.ItemPartition(conversation.TenantId, conversation.UserId, conversation.ConversationId);
}

/// <summary>An item as stored: in the items container, in its conversation's partition.</summary>
internal sealed record ItemDocument
{
    public const string DocumentType = "item";

    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public required string UserId { get; init; }
    public required string ConversationId { get; init; }
    public string Type { get; init; } = DocumentType;
    public int Schema { get; init; } = 1;

    /// <summary>The id's time-ordered digits: the tie-breaker of the sort (the id's prefix varies by type).</summary>
    public required string Seq { get; init; }
    public required string ItemType { get; init; }
    public string? Role { get; init; }
    public required JsonElement Body { get; init; }
    public long CreatedAt { get; init; }

    public static ItemDocument From(ConversationItem item) => new()
    {
        Id = item.Id,
        TenantId = item.TenantId,
        UserId = item.UserId,
        ConversationId = item.ConversationId,
        Seq = item.Sequence,
        ItemType = item.Type,
        Role = item.Role,
        Body = item.Body,
        CreatedAt = item.CreatedAt.ToUnixTimeMilliseconds(),
    };

    public ConversationItem ToModel() => new()
    {
        Id = Id,
        TenantId = TenantId,
        UserId = UserId,
        ConversationId = ConversationId,
        Type = ItemType,
        Role = Role,
        Body = Body,
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
    };
}

/// <summary>
/// The SQL of the items container. Each query is under the conversation's full key and orders by the
/// paths of one composite index of <see cref="CosmosLayout.Items"/>, equality paths first,
/// so the index serves the filter and the order (Cosmos DB uses a composite index for a filtered
/// ORDER BY only when the ORDER BY names the filtered paths too).
/// </summary>
internal static class ItemQueries
{
    public static QueryDefinition List(ItemQuery query)
    {
        var key = query.Conversation;
        var direction = query.Descending ? "DESC" : "ASC";
        var (beyond, short_) = query.Descending ? ("<", ">") : (">", "<");
        var where = new List<string> { "c.tenantId = @tenant", "c.userId = @user", "c.conversationId = @conversation" };
        var order = new List<string> { "c.tenantId", "c.userId", "c.conversationId" };
        var parameters = new List<(string Name, object Value)>
        {
            ("@tenant", key.TenantId), ("@user", key.UserId), ("@conversation", key.ConversationId), ("@limit", query.Limit + 1),
        };
        if (query.UserMessagesOnly)
        {
            where.Add("c.role = 'user'");
            order.Add("c.role");
        }

        // (createdAt, seq) strictly beyond a position: a range the index seeks plus one flat OR.
        if (query.After is { } after)
        {
            where.Add($"c.createdAt {beyond}= @afterValue");
            where.Add($"(c.createdAt {beyond} @afterValue OR c.seq {beyond} @afterSeq)");
            parameters.Add(("@afterValue", after.SortValueAsMillis()));
            parameters.Add(("@afterSeq", after.Id));
        }

        if (query.Before is { } before)
        {
            where.Add($"c.createdAt {short_}= @beforeValue");
            where.Add($"(c.createdAt {short_} @beforeValue OR c.seq {short_} @beforeSeq)");
            parameters.Add(("@beforeValue", before.SortValueAsMillis()));
            parameters.Add(("@beforeSeq", before.Id));
        }

        order.Add("c.createdAt");
        order.Add("c.seq");
        var definition = new QueryDefinition(
            $"SELECT TOP @limit * FROM c WHERE {string.Join(" AND ", where)} ORDER BY {string.Join(", ", order.Select(path => $"{path} {direction}"))}");
        foreach (var (name, value) in parameters)
        {
            definition.WithParameter(name, value);
        }

        return definition;
    }

    public static QueryDefinition IdsOf(string tenantId, string userId, string conversationId) =>
        new QueryDefinition("SELECT c.id FROM c WHERE c.tenantId = @tenant AND c.userId = @user AND c.conversationId = @conversation")
            .WithParameter("@tenant", tenantId).WithParameter("@user", userId).WithParameter("@conversation", conversationId);
}
