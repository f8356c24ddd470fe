namespace Conversations.Storage;

/// <summary>
/// The fields a list's caller will read, so a store can leave the others unread (each column read is
/// work on every row of every page). Id, tenant, user and both times are always read, and so is the
/// field the list is sorted by; a field left out keeps its default value in the returned items.
/// </summary>
[Flags]
public enum ConversationFields
{
    Keys = 0,
    Name = 1 << 0,
    Introduction = 1 << 1,
    Summary = 1 << 2,
    Inputs = 1 << 3,
    Metadata = 1 << 4,
    Status = 1 << 5,
    Agent = 1 << 6,
    Collections = 1 << 7,
    IsPublic = 1 << 8,
    Settings = 1 << 9,
    OwnerId = 1 << 10,
    CreatedBy = 1 << 11,
    EndedAt = 1 << 12,
    All = (1 << 13) - 1,
}
