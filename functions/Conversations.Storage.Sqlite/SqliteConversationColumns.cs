using System.Collections.Concurrent;
using Conversations.Model;

namespace Conversations.Storage.Sqlite;

/// <summary>
/// The columns a conversation read selects, for the fields its caller reads, and how a row of them maps
/// to the model. Id and both times are always read, and the user when the scope does not fix it; the
/// tenant (and a user scope's user) is the value the query is bound to, so it is never read. A field
/// left out keeps the model's default.
/// </summary>
internal sealed class SqliteConversationColumns
{
    private static readonly (ConversationFields Field, string Columns)[] Optional =
    [
        (ConversationFields.Name, "name"),
        (ConversationFields.Introduction, "introduction"),
        (ConversationFields.Summary, "summary"),
        (ConversationFields.Inputs, "inputs"),
        (ConversationFields.Metadata, "metadata"),
        (ConversationFields.Status, "status"),
        (ConversationFields.Agent, "agent_name, agent_version"),
        (ConversationFields.Collections, "collections"),
        (ConversationFields.IsPublic, "is_public"),
        (ConversationFields.Settings, "settings"),
        (ConversationFields.OwnerId, "owner_id"),
        (ConversationFields.CreatedBy, "created_by"),
        (ConversationFields.EndedAt, "ended_at"),
    ];

    /// <summary>What an unread field holds: the model's own defaults.</summary>
    private static readonly Conversation Unread = new() { Id = "", TenantId = "", UserId = "", CreatedAt = default, UpdatedAt = default };

    // One per combination of fields and scope kind, made on first use, so choosing columns allocates nothing.
    private static readonly ConcurrentDictionary<(ConversationFields, bool), SqliteConversationColumns> Cache = new();

    private readonly ConversationFields _fields;
    private readonly bool _readsUser;

    private SqliteConversationColumns(ConversationFields fields, bool readsUser)
    {
        _fields = fields;
        _readsUser = readsUser;
        var columns = new List<string> { "id", "created_at", "updated_at" };
        if (readsUser)
        {
            columns.Add("user_id");
        }

        columns.AddRange(Optional.Where(o => fields.HasFlag(o.Field)).Select(o => o.Columns));
        SelectList = string.Join(", ", columns);
    }

    /// <summary>Every field, for reads of one conversation.</summary>
    public static SqliteConversationColumns All(UserScope scope) => For(ConversationFields.All, scope);

    /// <summary>The columns for <paramref name="fields"/> (plus the sort field, which every list reads).</summary>
    public static SqliteConversationColumns For(ConversationFields fields, UserScope scope, ConversationSortField sort = ConversationSortField.Id)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (sort == ConversationSortField.Name)
        {
            fields |= ConversationFields.Name;
        }

        return Cache.GetOrAdd((fields & ConversationFields.All, scope.IsTenantWide), key => new SqliteConversationColumns(key.Item1, key.Item2));
    }

    /// <summary>The SELECT list, in the order <see cref="Read"/> expects.</summary>
    public string SelectList { get; }

    /// <summary>The conversation on the statement's current row; the scope supplies the columns not read.</summary>
    public Conversation Read(SqliteStatement row, UserScope scope)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(scope);
        var next = 3;
        // Initialisers run in the order written, so each optional column takes the next ordinal.
        return new Conversation
        {
            Id = row.Text(0),
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.Integer(1)),
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.Integer(2)),
            TenantId = scope.TenantId,
            UserId = _readsUser ? row.Text(next++) : scope.UserId!,
            Name = Reads(ConversationFields.Name) ? row.Text(next++) : Unread.Name,
            Introduction = Reads(ConversationFields.Introduction) ? row.Text(next++) : Unread.Introduction,
            Summary = Reads(ConversationFields.Summary) ? row.TextOrNull(next++) : Unread.Summary,
            Inputs = Reads(ConversationFields.Inputs) ? row.JsonOrNull(next++) : Unread.Inputs,
            Metadata = Reads(ConversationFields.Metadata) ? SqliteConversationRows.Metadata(row, next++) : Unread.Metadata,
            Status = Reads(ConversationFields.Status) ? row.Text(next++) : Unread.Status,
            Agent = Reads(ConversationFields.Agent) ? SqliteConversationRows.Agent(row, ref next) : Unread.Agent,
            Collections = Reads(ConversationFields.Collections) ? SqliteConversationRows.Collections(row, next++) : Unread.Collections,
            IsPublic = Reads(ConversationFields.IsPublic) ? row.Integer(next++) != 0 : Unread.IsPublic,
            Settings = Reads(ConversationFields.Settings) ? row.JsonOrNull(next++) : Unread.Settings,
            OwnerId = Reads(ConversationFields.OwnerId) ? row.TextOrNull(next++) : Unread.OwnerId,
            CreatedBy = Reads(ConversationFields.CreatedBy) ? row.TextOrNull(next++) : Unread.CreatedBy,
            EndedAt = Reads(ConversationFields.EndedAt) && row.IntegerOrNull(next++) is { } ended ? DateTimeOffset.FromUnixTimeMilliseconds(ended) : Unread.EndedAt,
        };
    }

    private bool Reads(ConversationFields field) => (_fields & field) != 0;
}
