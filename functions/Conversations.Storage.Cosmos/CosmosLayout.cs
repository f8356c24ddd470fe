using System.Collections.ObjectModel;
using Microsoft.Azure.Cosmos;

namespace Conversations.Storage.Cosmos;

/// <summary>
/// The data layout: two containers sharing the hierarchical partition key (tenant, then user), so a
/// user's list is a single-partition query, a tenant's list a prefix query, and a conversation's
/// variables live in its partition. Bicep provisions the same layout (a test compares them).
/// </summary>
public static class CosmosLayout
{
    public const string DefaultDatabase = "conversations";
    public const string DefaultConversationsContainer = "conversations";
    public const string DefaultVariablesContainer = "variables";
    public const string DefaultItemsContainer = "items";

    public const string TenantKeyPath = "/tenantId";
    public const string UserKeyPath = "/userId";

    public static IReadOnlyList<string> PartitionKeyPaths { get; } = [TenantKeyPath, UserKeyPath];

    /// <summary>Composite indexes of the conversations container: one per ORDER BY the store issues.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> ConversationSortIndexes { get; } =
    [
        ["/updatedAt", "/id"],
        ["/createdAt", "/id"],
        ["/name", "/id"],
    ];

    public static IReadOnlyList<IReadOnlyList<string>> VariableSortIndexes { get; } = [["/createdAt", "/id"]];

    /// <summary>
    /// The items container's partition key: one logical partition per conversation, so a
    /// conversation's history never crowds a user's partition, and a page of it is a full-key query.
    /// </summary>
    public static IReadOnlyList<string> ItemKeyPaths { get; } = [TenantKeyPath, UserKeyPath, "/conversationId"];

    /// <summary>
    /// Composite indexes of the items container: the equality filters of each query first, then its
    /// sort (created time, then the id's time-ordered digits). A page of all items and a page of user
    /// messages (where Dify's exchanges begin).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> ItemSortIndexes { get; } =
    [
        [TenantKeyPath, UserKeyPath, "/conversationId", "/createdAt", "/seq"],
        [TenantKeyPath, UserKeyPath, "/conversationId", "/role", "/createdAt", "/seq"],
    ];

    public static PartitionKey ItemPartition(string tenantId, string userId, string conversationId) =>
        new PartitionKeyBuilder().Add(tenantId).Add(userId).Add(conversationId).Build();

    public static PartitionKey UserPartition(string tenantId, string userId) =>
        new PartitionKeyBuilder().Add(tenantId).Add(userId).Build();

    public static PartitionKey TenantPrefix(string tenantId) => new PartitionKeyBuilder().Add(tenantId).Build();

    /// <summary>
    /// Creates the database and the containers with this layout where they are missing, and returns
    /// the conversations and variables containers (the store's CreateIfMissing, its recovery when they
    /// vanish, and tests use it). The items container is <paramref name="items"/>.
    /// </summary>
    public static async Task<(Container Conversations, Container Variables)> CreateIfMissingAsync(
        CosmosClient client, string database, string conversations, string variables, CancellationToken cancellationToken, string items = DefaultItemsContainer)
    {
        ArgumentNullException.ThrowIfNull(client);
        Database db = await client.CreateDatabaseIfNotExistsAsync(database, cancellationToken: cancellationToken);
        Container created = await db.CreateContainerIfNotExistsAsync(ContainerProperties(conversations, ConversationSortIndexes), cancellationToken: cancellationToken);
        Container createdVariables = await db.CreateContainerIfNotExistsAsync(ContainerProperties(variables, VariableSortIndexes), cancellationToken: cancellationToken);
        await db.CreateContainerIfNotExistsAsync(ItemContainerProperties(items), cancellationToken: cancellationToken);
        return (created, createdVariables);
    }

    /// <summary>The items container: its own partition key, one conversation per logical partition.</summary>
    public static ContainerProperties ItemContainerProperties(string name) => ContainerProperties(name, ItemSortIndexes, ItemKeyPaths);

    /// <summary>A container with the layout's partition key (or <paramref name="keyPaths"/>) and sort indexes.</summary>
    public static ContainerProperties ContainerProperties(string name, IReadOnlyList<IReadOnlyList<string>> sortIndexes, IReadOnlyList<string>? keyPaths = null)
    {
        var properties = new ContainerProperties(name, new Collection<string>((keyPaths ?? PartitionKeyPaths).ToList()));
        // Each sort is declared in both directions. Cosmos DB would serve the descending ORDER BY from
        // the ascending index alone; stating both costs little on writes and keeps every Cosmos
        // implementation (the emulator, the local test server) agreeing on which indexes exist.
        foreach (var index in sortIndexes)
        {
            foreach (var order in new[] { CompositePathSortOrder.Ascending, CompositePathSortOrder.Descending })
            {
                properties.IndexingPolicy.CompositeIndexes.Add(new Collection<CompositePath>(
                    index.Select(path => new CompositePath { Path = path, Order = order }).ToList()));
            }
        }

        return properties;
    }
}
