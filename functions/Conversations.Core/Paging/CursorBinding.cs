using System.Text;
using Conversations.Storage;

namespace Conversations.Paging;

/// <summary>
/// The text a cursor is signed for: the dialect, the scope, the sort and every filter. Two queries
/// share a binding only when a cursor of one is a valid resume point of the other.
/// </summary>
public static class CursorBinding
{
    public static string For(string dialect, UserScope scope, ConversationSort sort, ConversationFilter filter)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        // Length-prefixed parts, so no choice of values can make two different queries read the same.
        var builder = new StringBuilder();
        foreach (var part in new[]
                 {
                     dialect, scope.TenantId, scope.UserId ?? "\0*", sort.ToString(), filter.Status, filter.NameContains,
                     filter.CollectionId, filter.AgentName, filter.AgentVersion,
                 })
        {
            builder.Append(part is null ? -1 : part.Length).Append(':').Append(part).Append('|');
        }

        return builder.ToString();
    }
}
