using System.Text.Json;
using Conversations.Model;

namespace Conversations.Storage;

/// <summary>
/// Where conversations, their variables and their items live. Implemented by the SQLite store (embedded) and the
/// Cosmos DB store (production); both pass one conformance suite. Every call is scoped to a tenant,
/// and to a user unless the scope is tenant-wide. Failures of the store itself (down, throttled,
/// timed out, writers that keep colliding) surface as <see cref="StoreUnavailableException"/>.
/// </summary>
public interface IConversationStore
{
    /// <summary>The conversation with this id inside the scope, or null.</summary>
    Task<Conversation?> FindConversationAsync(UserScope scope, string id, CancellationToken cancellationToken);

    /// <summary>
    /// The conversation with this id inside the scope, or null, reading no more than <paramref name="fields"/>
    /// (as a list does, see <see cref="ConversationFields"/>): a page that resumes after an id needs
    /// only the id's sort key. A store that gains nothing by reading less reads it all.
    /// </summary>
    Task<Conversation?> FindConversationAsync(UserScope scope, string id, ConversationFields fields, CancellationToken cancellationToken) =>
        FindConversationAsync(scope, id, cancellationToken);

    Task<Page<Conversation>> ListConversationsAsync(ConversationQuery query, CancellationToken cancellationToken);

    Task CreateConversationAsync(Conversation conversation, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="changes"/> to the conversation and returns it as stored afterwards; null
    /// when the conversation is not in the scope. Concurrent updates of one conversation all succeed.
    /// </summary>
    Task<Conversation?> UpdateConversationAsync(UserScope scope, string id, ConversationChanges changes, CancellationToken cancellationToken);

    /// <summary>Deletes the conversation, all its variables and all its items. False when it is not in the scope.</summary>
    Task<bool> DeleteConversationAsync(UserScope scope, string id, CancellationToken cancellationToken);

    Task<Variable?> FindVariableAsync(ConversationKey conversation, string variableId, CancellationToken cancellationToken);

    Task<Page<Variable>> ListVariablesAsync(VariableQuery query, CancellationToken cancellationToken);

    /// <summary>Stores a variable of an existing conversation (the caller has checked that it exists).</summary>
    Task CreateVariableAsync(Variable variable, CancellationToken cancellationToken);

    /// <summary>
    /// Sets a variable's value (its type never changes, so the caller checks the value against the type
    /// it read) and returns the variable as stored afterwards; null when it does not exist.
    /// </summary>
    Task<Variable?> UpdateVariableValueAsync(
        ConversationKey conversation, string variableId, JsonElement value, DateTimeOffset updatedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Stores items of an existing conversation (the caller has checked that it exists) in the given
    /// order, all or none, and moves the conversation's <c>updatedAt</c> to <paramref name="updatedAt"/>.
    /// False, with nothing left written, when the conversation is gone by the time the items are written.
    /// </summary>
    Task<bool> AddItemsAsync(ConversationKey conversation, IReadOnlyList<ConversationItem> items, DateTimeOffset updatedAt, CancellationToken cancellationToken);

    Task<ConversationItem?> FindItemAsync(ConversationKey conversation, string itemId, CancellationToken cancellationToken);

    Task<Page<ConversationItem>> ListItemsAsync(ItemQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes one item. False when the conversation has no such item.</summary>
    Task<bool> DeleteItemAsync(ConversationKey conversation, string itemId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes every conversation and variable in <paramref name="scope"/>: one end user's, or (tenant-wide)
    /// the whole tenant's. Children go before the conversations they belong to, in batches, with the
    /// running totals reported after each; an interrupted erasure is finished by running it again, and a
    /// second run removes nothing. What an end user's privacy request is answered with (docs/tenancy.md).
    /// </summary>
    Task<ErasureCounts> EraseAsync(UserScope scope, IProgress<ErasureCounts>? progress, CancellationToken cancellationToken);

    /// <summary>Returns when the store answers; throws <see cref="StoreUnavailableException"/> when it does not.</summary>
    Task CheckAvailableAsync(CancellationToken cancellationToken);
}
