using Conversations.Model;

namespace Conversations.Storage;

/// <summary>
/// Where conversations and their variables live. Implemented by the SQLite store (embedded) and the
/// Cosmos DB store (production); both pass one conformance suite. Every call is scoped to a tenant,
/// and to a user unless the scope is tenant-wide. Failures of the store itself surface as
/// <see cref="StoreUnavailableException"/>.
/// </summary>
public interface IConversationStore
{
    /// <summary>The conversation with this id inside the scope, or null.</summary>
    Task<Conversation?> FindConversationAsync(UserScope scope, string id, CancellationToken cancellationToken);

    Task<Page<Conversation>> ListConversationsAsync(ConversationQuery query, CancellationToken cancellationToken);

    Task CreateConversationAsync(Conversation conversation, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the stored conversation without losing a concurrent update
    /// (the change is re-applied to the fresh copy when another writer got there first). Null when the
    /// conversation is not in the scope; <see cref="ConcurrencyConflictException"/> when writers keep colliding.
    /// </summary>
    Task<Conversation?> UpdateConversationAsync(
        UserScope scope, string id, Func<Conversation, Conversation> change, CancellationToken cancellationToken);

    /// <summary>Deletes the conversation and all its variables. False when it is not in the scope.</summary>
    Task<bool> DeleteConversationAsync(UserScope scope, string id, CancellationToken cancellationToken);

    Task<Variable?> FindVariableAsync(ConversationKey conversation, string variableId, CancellationToken cancellationToken);

    Task<Page<Variable>> ListVariablesAsync(VariableQuery query, CancellationToken cancellationToken);

    /// <summary>Stores a variable of an existing conversation (the caller has checked that it exists).</summary>
    Task CreateVariableAsync(Variable variable, CancellationToken cancellationToken);

    /// <summary>As <see cref="UpdateConversationAsync"/>, for a variable. Null when it does not exist.</summary>
    Task<Variable?> UpdateVariableAsync(
        ConversationKey conversation, string variableId, Func<Variable, Variable> change, CancellationToken cancellationToken);
}
