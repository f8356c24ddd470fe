namespace Conversations.Storage;

public enum ConversationSortField
{
    CreatedAt,
    UpdatedAt,
    Name,
    Id,
}

/// <summary>The sort of a list. Ties on the field are broken by id in the same direction, so the order is total.</summary>
public sealed record ConversationSort(ConversationSortField Field, bool Descending)
{
    public ConversationSort Reversed() => this with { Descending = !Descending };

    public override string ToString() => (Descending ? "-" : "+") + Field;
}

/// <summary>Filters a list may apply; null means "no filter". Text filters are case-insensitive substrings.</summary>
public sealed record ConversationFilter
{
    public static readonly ConversationFilter None = new();

    public string? Status { get; init; }
    public string? NameContains { get; init; }
    public string? CollectionId { get; init; }
    public string? AgentName { get; init; }

    /// <summary>Only with <see cref="AgentName"/>: the agent's exact version.</summary>
    public string? AgentVersion { get; init; }
}

/// <summary>
/// One page of conversations: the first <see cref="Limit"/> items in <see cref="Sort"/> order that come
/// strictly after <see cref="After"/> (or from the start), with the <see cref="Fields"/> read (the keys,
/// times and sort field always; any other field left at its default).
/// </summary>
public sealed record ConversationQuery(
    UserScope Scope,
    ConversationSort Sort,
    ConversationFilter Filter,
    int Limit,
    KeysetPosition? After = null,
    ConversationFields Fields = ConversationFields.All);

/// <summary>Variables of one conversation, oldest first (created time, then id), optionally by name.</summary>
public sealed record VariableQuery(
    ConversationKey Conversation,
    string? NameContains,
    int Limit,
    KeysetPosition? After = null);

/// <summary>
/// Items of one conversation in the order they were added (created time, then the id's time-ordered
/// digits), or the reverse: the first <see cref="Limit"/> strictly after <see cref="After"/> (or from
/// the start) and strictly before <see cref="Before"/> (or to the end), in the list's own order.
/// </summary>
public sealed record ItemQuery(ConversationKey Conversation, bool Descending, int Limit, KeysetPosition? After = null)
{
    public KeysetPosition? Before { get; init; }

    /// <summary>Only messages of role <c>user</c>: where each of Dify's exchanges begins.</summary>
    public bool UserMessagesOnly { get; init; }
}
