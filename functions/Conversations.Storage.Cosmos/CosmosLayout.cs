using Microsoft.Azure.Cosmos;

namespace Conversations.Storage.Cosmos;

/// <summary>
/// The data layout (docs/cosmos-layout.md): one table of containers, each with a hierarchical
/// partition key whose last level is one conversation, so no logical partition grows with a tenant or
/// an end user, and an indexing policy that indexes only what the store's queries read. A user's list
/// is a query under the key prefix (tenant, user), a tenant's under (tenant); an item whose full key is
/// known is a point operation. Bicep provisions the same containers (a test compares them); a further
/// container is one more entry in <see cref="Containers"/> and its options.
/// </summary>
public static class CosmosLayout
{
    public const string DefaultDatabase = "conversations";
    public const string DefaultConversationsContainer = "conversations";
    public const string DefaultVariablesContainer = "variables";
    public const string DefaultItemsContainer = "items";

    public const string TenantKeyPath = "/tenantId";
    public const string UserKeyPath = "/userId";

    /// <summary>The key levels every container starts with; each adds the conversation as the last.</summary>
    public static IReadOnlyList<string> KeyPrefixPaths { get; } = [TenantKeyPath, UserKeyPath];

    /// <summary>
    /// Filters in the composite indexes of the conversations container: the scope first (a tenant,
    /// or a tenant's end user), then the list filters that test equality, then the sort. Cosmos DB
    /// serves an ORDER BY only from a composite index with exactly its paths, so every combination a
    /// list can send has one (CosmosIndexCoverageTests enumerates them).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> ConversationScopes { get; } = [[TenantKeyPath], [TenantKeyPath, UserKeyPath]];

    public static IReadOnlyList<IReadOnlyList<string>> ConversationEqualityFilters { get; } =
        [[], ["/status"], ["/agentName"], ["/agentName", "/agentVersion"], ["/status", "/agentName"], ["/status", "/agentName", "/agentVersion"]];

    /// <summary>Each sort a list can ask for, with the id that breaks ties.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> ConversationSorts { get; } = [["/updatedAt", "/id"], ["/createdAt", "/id"], ["/name", "/id"], ["/id"]];

    public static CosmosContainerLayout Conversations { get; } = new(
        DefaultConversationsContainer,
        [.. KeyPrefixPaths, "/id"],
        // What lists filter and sort on; the payload (inputs, metadata, settings, introduction, summary)
        // is never queried and stays out of the index, so writing it costs no index terms.
        ["/tenantId/?", "/userId/?", "/status/?", "/agentName/?", "/agentVersion/?", "/createdAt/?", "/updatedAt/?", "/name/?", "/nameFolded/?", "/collections/[]/?"],
        [.. from scope in ConversationScopes from filter in ConversationEqualityFilters from sort in ConversationSorts select (IReadOnlyList<string>)[.. scope, .. filter, .. sort]]);

    public static CosmosContainerLayout Variables { get; } = new(
        DefaultVariablesContainer,
        [.. KeyPrefixPaths, "/conversationId"],
        ["/tenantId/?", "/userId/?", "/conversationId/?", "/createdAt/?", "/nameFolded/?"],
        [["/tenantId", "/userId", "/conversationId", "/createdAt", "/id"]]);

    /// <summary>
    /// Conversation items: one logical partition per conversation, so a long history never crowds an end
    /// user's data and a page of it is a query under the full key. Its composite indexes begin with the
    /// key (the equality filters), then the sort (created time, then the id's time-ordered digits): a
    /// page of all items, and a page of user messages (where Dify's exchanges begin).
    /// </summary>
    public static CosmosContainerLayout Items { get; } = new(
        DefaultItemsContainer,
        [.. KeyPrefixPaths, "/conversationId"],
        ["/tenantId/?", "/userId/?", "/conversationId/?", "/role/?", "/createdAt/?", "/seq/?"],
        [
            ["/tenantId", "/userId", "/conversationId", "/createdAt", "/seq"],
            ["/tenantId", "/userId", "/conversationId", "/role", "/createdAt", "/seq"],
        ]);

    /// <summary>Every container of the store, in the order they are created.</summary>
    public static IReadOnlyList<CosmosContainerLayout> Containers { get; } = [Conversations, Variables, Items];

    /// <summary>
    /// A conversation's logical partition: in the conversations container it holds the conversation,
    /// in the others what belongs to it (its variables, its items), under the same key values.
    /// </summary>
    public static PartitionKey ConversationPartition(string tenantId, string userId, string conversationId) =>
        new PartitionKeyBuilder().Add(tenantId).Add(userId).Add(conversationId).Build();

    /// <summary>An end user's conversations: a prefix of the key, spanning one logical partition per conversation.</summary>
    public static PartitionKey UserPrefix(string tenantId, string userId) => new PartitionKeyBuilder().Add(tenantId).Add(userId).Build();

    /// <summary>A conversation's items: the same key values as the conversation's own partition.</summary>
    public static PartitionKey ItemPartition(string tenantId, string userId, string conversationId) =>
        ConversationPartition(tenantId, userId, conversationId);

    public static PartitionKey TenantPrefix(string tenantId) => new PartitionKeyBuilder().Add(tenantId).Build();

    /// <summary>
    /// Creates the database and the containers with this layout where they are missing, and returns
    /// the containers in the order given (the store's CreateIfMissing, its recovery when they vanish,
    /// and tests use it).
    /// </summary>
    public static async Task<Container[]> CreateIfMissingAsync(
        CosmosClient client, string database, IReadOnlyList<(CosmosContainerLayout Layout, string Name)> containers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(containers);
        Database db = await client.CreateDatabaseIfNotExistsAsync(database, cancellationToken: cancellationToken);
        var created = new Container[containers.Count];
        for (var i = 0; i < containers.Count; i++)
        {
            created[i] = await db.CreateContainerIfNotExistsAsync(containers[i].Layout.Properties(containers[i].Name), cancellationToken: cancellationToken);
        }

        return created;
    }

    /// <summary>The conversations and variables containers under the given names.</summary>
    public static async Task<(Container Conversations, Container Variables)> CreateIfMissingAsync(
        CosmosClient client, string database, string conversations, string variables, CancellationToken cancellationToken, string items = DefaultItemsContainer)
    {
        var created = await CreateIfMissingAsync(client, database, [(Conversations, conversations), (Variables, variables), (Items, items)], cancellationToken);
        return (created[0], created[1]);
    }
}
