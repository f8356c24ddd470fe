namespace Conversations.Storage.Sqlite;

/// <summary>The columns an update sets, and their values (strings, longs or null) to bind.</summary>
internal static class SqliteChanges
{
    public static List<(string Column, object? Value)> Columns(ConversationChanges changes)
    {
        var set = new List<(string Column, object? Value)> { ("updated_at", changes.UpdatedAt.ToUnixTimeMilliseconds()) };
        if (changes.Name is { } name)
        {
            set.Add(("name", name.Value));
            set.Add(("name_folded", SqliteConversationRows.Fold(name.Value)));
        }

        Add(set, "summary", changes.Summary, v => v);
        Add(set, "status", changes.Status, v => v);
        Add(set, "is_public", changes.IsPublic, v => v ? 1L : 0L);
        Add(set, "collections", changes.Collections, SqliteConversationRows.CollectionsJson);
        Add(set, "metadata", changes.Metadata, v => v is { } metadata ? metadata.GetRawText() : SqliteConversationRows.EmptyObject);
        Add(set, "settings", changes.Settings, v => v?.GetRawText());
        Add(set, "ended_at", changes.EndedAt, v => v?.ToUnixTimeMilliseconds());
        Add(set, "owner_id", changes.OwnerId, v => v);
        Add(set, "created_by", changes.CreatedBy, v => v);
        return set;
    }

    private static void Add<T>(List<(string Column, object? Value)> set, string column, Change<T>? change, Func<T, object?> toColumn)
    {
        if (change is { } c)
        {
            set.Add((column, toColumn(c.Value)));
        }
    }
}
