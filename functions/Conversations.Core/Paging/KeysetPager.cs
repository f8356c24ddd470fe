using Conversations.Model;
using Conversations.Storage;

namespace Conversations.Paging;

/// <summary>
/// The keyset paging rules every dialect shares: resuming after an item id looked up in the caller's
/// scope, and reading the page just before an item (OpenAI <c>before</c>) by walking the reversed order.
/// </summary>
public static class KeysetPager
{
    /// <summary>The position of the conversation <paramref name="id"/> in <paramref name="sort"/>, or null when the scope has no such conversation.</summary>
    public static async Task<KeysetPosition?> PositionOfConversationAsync(
        this IConversationStore store, UserScope scope, string id, ConversationSortField sort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        // Only the sort key is needed, not the conversation's JSON (the page after a deep id read it all).
        var anchor = await store.FindConversationAsync(scope, id, sort == ConversationSortField.Name ? ConversationFields.Name : ConversationFields.Keys, cancellationToken);
        return anchor is null ? null : KeysetPosition.Of(anchor, sort);
    }

    /// <summary>
    /// The <paramref name="query"/>'s <c>Limit</c> items immediately before <paramref name="before"/>,
    /// in the query's own order. <c>HasMore</c> says whether still earlier items exist.
    /// </summary>
    public static async Task<Page<Conversation>> ListConversationsBeforeAsync(
        this IConversationStore store, ConversationQuery query, KeysetPosition before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(query);
        var page = await store.ListConversationsAsync(query with { Sort = query.Sort.Reversed(), After = before }, cancellationToken);
        return new Page<Conversation>(page.Items.Reverse().ToList(), page.HasMore);
    }
}
