using Conversations.Model;

namespace Conversations.Storage;

/// <summary>
/// Where an item lives and what it is: tenant, user, (parent) and id. An update's change function
/// may alter anything else; a store refuses a change that would move the item.
/// </summary>
public static class ItemIdentity
{
    public static bool Moves(Conversation before, Conversation after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return after.TenantId != before.TenantId || after.UserId != before.UserId || after.Id != before.Id;
    }

    public static bool Moves(Variable before, Variable after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return after.TenantId != before.TenantId || after.UserId != before.UserId
            || after.ConversationId != before.ConversationId || after.Id != before.Id;
    }
}
