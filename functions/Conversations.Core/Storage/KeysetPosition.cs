using System.Globalization;
using Conversations.Model;

namespace Conversations.Storage;

/// <summary>
/// A place in a totally ordered list: the sort field's value and the id of the item there. Time values
/// are Unix milliseconds in invariant digits; names and ids are themselves. Paging resumes strictly
/// after it, which is why deep pages cost what the first page costs.
/// </summary>
public sealed record KeysetPosition(string SortValue, string Id)
{
    public static KeysetPosition Of(Conversation conversation, ConversationSortField field) => new(field switch
    {
        ConversationSortField.CreatedAt => Millis(conversation.CreatedAt),
        ConversationSortField.UpdatedAt => Millis(conversation.UpdatedAt),
        ConversationSortField.Name => conversation.Name,
        ConversationSortField.Id => conversation.Id,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    }, conversation.Id);

    public static KeysetPosition Of(Variable variable) => new(Millis(variable.CreatedAt), variable.Id);

    /// <summary>An item's place: its created time and its id's time-ordered digits (not the id, whose prefix varies by type).</summary>
    public static KeysetPosition Of(ConversationItem item) => new(Millis(item.CreatedAt), item.Sequence);

    /// <summary>The sort value of a time field as Unix milliseconds; throws on a malformed position.</summary>
    public long SortValueAsMillis() => long.Parse(SortValue, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static string Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
