using Conversations.Model;
using Conversations.Storage;

namespace Conversations.Api.Http;

/// <summary>Finding the conversation a request on its variables or items names.</summary>
public static class ConversationLookup
{
    /// <summary>
    /// The conversation inside the caller's scope, as the key its variables and items live under;
    /// null, without a store call, for an id that cannot be one of ours.
    /// </summary>
    public static async Task<ConversationKey?> FindConversationKeyAsync(this IConversationStore store, UserScope scope, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var conversation = ItemIds.IsWellFormed(id) ? await store.FindConversationAsync(scope, id, cancellationToken) : null;
        return conversation is null ? null : new ConversationKey(conversation.TenantId, conversation.UserId, conversation.Id);
    }
}
