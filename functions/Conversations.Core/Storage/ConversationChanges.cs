using System.Text.Json;
using Conversations.Model;

namespace Conversations.Storage;

/// <summary>A new value for one field; a field whose change is null keeps its stored value.</summary>
public readonly record struct Change<T>(T Value);

/// <summary>
/// What an update writes: the fields it sets, each to a value that does not depend on the stored one,
/// and the new <see cref="UpdatedAt"/>. Because no change reads before it writes, concurrent updates
/// cannot conflict: a store applies them as a partial update (Cosmos DB patch, SQL UPDATE … SET).
/// </summary>
public sealed record ConversationChanges(DateTimeOffset UpdatedAt)
{
    public Change<string>? Name { get; init; }
    public Change<string?>? Summary { get; init; }
    public Change<string>? Status { get; init; }
    public Change<bool>? IsPublic { get; init; }
    public Change<IReadOnlyList<string>>? Collections { get; init; }
    public Change<JsonElement?>? Metadata { get; init; }
    public Change<JsonElement?>? Settings { get; init; }
    public Change<DateTimeOffset?>? EndedAt { get; init; }
    public Change<string?>? OwnerId { get; init; }
    public Change<string?>? CreatedBy { get; init; }

    /// <summary>The conversation as it is once these changes are written.</summary>
    public Conversation ApplyTo(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return conversation with
        {
            Name = Name is { } name ? name.Value : conversation.Name,
            Summary = Summary is { } summary ? summary.Value : conversation.Summary,
            Status = Status is { } status ? status.Value : conversation.Status,
            IsPublic = IsPublic is { } isPublic ? isPublic.Value : conversation.IsPublic,
            Collections = Collections is { } collections ? collections.Value : conversation.Collections,
            Metadata = Metadata is { } metadata ? metadata.Value : conversation.Metadata,
            Settings = Settings is { } settings ? settings.Value : conversation.Settings,
            EndedAt = EndedAt is { } endedAt ? endedAt.Value : conversation.EndedAt,
            OwnerId = OwnerId is { } ownerId ? ownerId.Value : conversation.OwnerId,
            CreatedBy = CreatedBy is { } createdBy ? createdBy.Value : conversation.CreatedBy,
            UpdatedAt = UpdatedAt,
        };
    }
}
