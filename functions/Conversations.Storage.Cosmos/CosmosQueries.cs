using Microsoft.Azure.Cosmos;

namespace Conversations.Storage.Cosmos;

/// <summary>
/// The SQL the store sends. Partition-key filters are always in the text (as well as in the request
/// options), every value is a parameter, and pages are keyset predicates with TOP limit+1 over a
/// composite index: no OFFSET, so a page deep in a history costs what the first page costs.
/// </summary>
internal static class CosmosQueries
{
    public static QueryDefinition ListConversations(ConversationQuery query)
    {
        var field = query.Sort.Field switch
        {
            ConversationSortField.CreatedAt => "c.createdAt",
            ConversationSortField.UpdatedAt => "c.updatedAt",
            ConversationSortField.Name => "c.name",
            ConversationSortField.Id => "c.id",
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Sort.Field, null),
        };
        var direction = query.Sort.Descending ? "DESC" : "ASC";
        var beyond = query.Sort.Descending ? "<" : ">";
        var parameters = new List<(string Name, object Value)> { ("@tenant", query.Scope.TenantId), ("@limit", query.Limit + 1) };
        // Equality filters, in the order of the layout's composite indexes: the scope, then the list
        // filters that test equality. They lead the ORDER BY too, which is how Cosmos DB picks the
        // composite index that seeks straight to them (their values are fixed, so the order is the sort's).
        var equal = new List<string> { "c.tenantId" };
        var where = new List<string> { "c.tenantId = @tenant" };
        if (query.Scope.UserId is { } user)
        {
            equal.Add("c.userId");
            where.Add("c.userId = @user");
            parameters.Add(("@user", user));
        }

        var filter = query.Filter;
        if (filter.Status is not null)
        {
            equal.Add("c.status");
            where.Add("c.status = @status");
            parameters.Add(("@status", filter.Status));
        }

        if (filter.AgentName is not null)
        {
            equal.Add("c.agentName");
            where.Add("c.agentName = @agentName");
            parameters.Add(("@agentName", filter.AgentName));
            if (filter.AgentVersion is not null)
            {
                equal.Add("c.agentVersion");
                where.Add("c.agentVersion = @agentVersion");
                parameters.Add(("@agentVersion", filter.AgentVersion));
            }
        }

        if (filter.NameContains is not null)
        {
            where.Add("CONTAINS(c.nameFolded, @search)");
            parameters.Add(("@search", filter.NameContains.ToLowerInvariant()));
        }

        if (filter.CollectionId is not null)
        {
            where.Add("ARRAY_CONTAINS(c.collections, @collection)");
            parameters.Add(("@collection", filter.CollectionId));
        }

        if (query.After is { } after)
        {
            if (query.Sort.Field == ConversationSortField.Id)
            {
                where.Add($"c.id {beyond} @afterId");
            }
            else
            {
                // (field, id) strictly beyond the position, written as a range on the field (which the
                // composite index seeks) plus one OR of two comparisons: shallow for every SQL parser.
                where.Add($"{field} {beyond}= @afterValue");
                where.Add($"({field} {beyond} @afterValue OR c.id {beyond} @afterId)");
                parameters.Add(("@afterValue", query.Sort.Field == ConversationSortField.Name ? after.SortValue : after.SortValueAsMillis()));
            }

            parameters.Add(("@afterId", after.Id));
        }

        var sort = query.Sort.Field == ConversationSortField.Id ? ["c.id"] : new[] { field, "c.id" };
        var orderBy = string.Join(", ", equal.Concat(sort).Select(path => $"{path} {direction}"));
        return Build($"SELECT TOP @limit {Selection(query.Fields, query.Sort.Field)} FROM c WHERE {All(where)} ORDER BY {orderBy}", parameters);
    }

    /// <summary>
    /// What a list reads: every stored field, or, when the caller names fewer, the keys, both times,
    /// the sort field and the named fields only, so the service sends less of each item.
    /// </summary>
    private static string Selection(ConversationFields fields, ConversationSortField sort) =>
        Selections.GetOrAdd((fields, sort), static key => BuildSelection(key.Fields, key.Sort));

    // A handful of field sets and sorts are ever asked for; each selection is built once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(ConversationFields Fields, ConversationSortField Sort), string> Selections = new();

    private static string BuildSelection(ConversationFields fields, ConversationSortField sort)
    {
        if (sort == ConversationSortField.Name)
        {
            fields |= ConversationFields.Name;
        }

        if (fields.HasFlag(ConversationFields.All))
        {
            return "*";
        }

        var paths = new List<string> { "id", "tenantId", "userId", "createdAt", "updatedAt" };
        paths.AddRange(FieldPaths.Where(f => fields.HasFlag(f.Field)).SelectMany(f => f.Paths));
        return string.Join(", ", paths.Select(path => "c." + path));
    }

    private static readonly (ConversationFields Field, string[] Paths)[] FieldPaths =
    [
        (ConversationFields.Name, ["name"]),
        (ConversationFields.Introduction, ["introduction"]),
        (ConversationFields.Summary, ["summary"]),
        (ConversationFields.Inputs, ["inputs"]),
        (ConversationFields.Metadata, ["metadata"]),
        (ConversationFields.Status, ["status"]),
        (ConversationFields.Agent, ["agentName", "agentVersion"]),
        (ConversationFields.Collections, ["collections"]),
        (ConversationFields.IsPublic, ["isPublic"]),
        (ConversationFields.Settings, ["settings"]),
        (ConversationFields.OwnerId, ["ownerId"]),
        (ConversationFields.CreatedBy, ["createdBy"]),
        (ConversationFields.EndedAt, ["endedAt"]),
    ];

    public static QueryDefinition ListVariables(VariableQuery query)
    {
        var key = query.Conversation;
        var parameters = new List<(string Name, object Value)>
        {
            ("@tenant", key.TenantId), ("@user", key.UserId), ("@conversation", key.ConversationId), ("@limit", query.Limit + 1),
        };
        var where = new List<string> { "c.tenantId = @tenant", "c.userId = @user", "c.conversationId = @conversation" };
        if (query.NameContains is not null)
        {
            where.Add("CONTAINS(c.nameFolded, @search)");
            parameters.Add(("@search", query.NameContains.ToLowerInvariant()));
        }

        if (query.After is { } after)
        {
            where.Add("c.createdAt >= @afterValue");
            where.Add("(c.createdAt > @afterValue OR c.id > @afterId)");
            parameters.Add(("@afterValue", after.SortValueAsMillis()));
            parameters.Add(("@afterId", after.Id));
        }

        // The full key leads the ORDER BY, as it leads the variables' composite index.
        return Build($"SELECT TOP @limit * FROM c WHERE {All(where)} ORDER BY c.tenantId ASC, c.userId ASC, c.conversationId ASC, c.createdAt ASC, c.id ASC", parameters);
    }

    /// <summary>
    /// A conversation by id anywhere in a tenant: a tenant-wide scope has no user, so no full key for
    /// a point read. It runs under the tenant's key prefix (the caller's request options) and reads the
    /// whole document only when the caller wants it; an update or delete needs only the user, to name
    /// the conversation's partition.
    /// </summary>
    public static QueryDefinition FindConversationInTenant(string tenantId, string id, bool whole) => Build(
        whole ? "SELECT TOP 1 * FROM c WHERE c.tenantId = @tenant AND c.id = @id" : "SELECT TOP 1 c.userId FROM c WHERE c.tenantId = @tenant AND c.id = @id",
        [("@tenant", tenantId), ("@id", id)]);

    public static QueryDefinition VariableIdsOf(string tenantId, string userId, string conversationId) => Build(
        "SELECT c.id FROM c WHERE c.tenantId = @tenant AND c.userId = @user AND c.conversationId = @conversation",
        [("@tenant", tenantId), ("@user", userId), ("@conversation", conversationId)]);

    /// <summary>
    /// Conditions joined flat, with no grouping parentheses: the query means the same either way,
    /// and a flat chain is cheap for every SQL parser, including the local test server's, which
    /// backtracks exponentially on nested parentheses.
    /// </summary>
    private static string All(List<string> conditions) => string.Join(" AND ", conditions);

    private static QueryDefinition Build(string sql, List<(string Name, object Value)> parameters)
    {
        var definition = new QueryDefinition(sql);
        foreach (var (name, value) in parameters)
        {
            definition.WithParameter(name, value);
        }

        return definition;
    }
}
