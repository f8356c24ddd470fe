using System.Text.Json;
using System.Text.Json.Serialization;
using Conversations.Model;
using Microsoft.Data.Sqlite;

namespace Conversations.Storage.Sqlite;

/// <summary>How the model maps to rows: times as Unix milliseconds, JSON fields as JSON text.</summary>
internal static class SqliteRows
{
    public const string ConversationColumns =
        "tenant_id, user_id, id, name, name_folded, introduction, summary, inputs, metadata, status, agent_name, agent_version, " +
        "collections, is_public, settings, owner_id, created_by, created_at, updated_at, ended_at";

    public const string ConversationParameters =
        "@tenant_id, @user_id, @id, @name, @name_folded, @introduction, @summary, @inputs, @metadata, @status, @agent_name, @agent_version, " +
        "@collections, @is_public, @settings, @owner_id, @created_by, @created_at, @updated_at, @ended_at";

    public const string VariableColumns =
        "tenant_id, user_id, conversation_id, id, name, name_folded, value_type, value, description, created_at, updated_at";

    public const string VariableParameters =
        "@tenant_id, @user_id, @conversation_id, @id, @name, @name_folded, @value_type, @value, @description, @created_at, @updated_at";

    /// <summary>How a conversation without metadata is stored (the column is NOT NULL).</summary>
    public const string EmptyObject = "{}";

    /// <summary>Case folding for search is done here, once per write, because SQLite's lower() knows only ASCII.</summary>
    public static string Fold(string text) => text.ToLowerInvariant();

    public static void Bind(SqliteCommand command, Conversation c)
    {
        var p = command.Parameters;
        p.Clear();
        p.AddWithValue("@tenant_id", c.TenantId);
        p.AddWithValue("@user_id", c.UserId);
        p.AddWithValue("@id", c.Id);
        p.AddWithValue("@name", c.Name);
        p.AddWithValue("@name_folded", Fold(c.Name));
        p.AddWithValue("@introduction", c.Introduction);
        p.AddWithValue("@summary", (object?)c.Summary ?? DBNull.Value);
        p.AddWithValue("@inputs", c.Inputs is { } inputs ? inputs.GetRawText() : DBNull.Value);
        p.AddWithValue("@metadata", c.Metadata is { } metadata ? metadata.GetRawText() : EmptyObject);
        p.AddWithValue("@status", c.Status);
        p.AddWithValue("@agent_name", (object?)c.Agent?.Name ?? DBNull.Value);
        p.AddWithValue("@agent_version", (object?)c.Agent?.Version ?? DBNull.Value);
        p.AddWithValue("@collections", CollectionsJson(c.Collections));
        p.AddWithValue("@is_public", c.IsPublic ? 1 : 0);
        p.AddWithValue("@settings", c.Settings is { } settings ? settings.GetRawText() : DBNull.Value);
        p.AddWithValue("@owner_id", (object?)c.OwnerId ?? DBNull.Value);
        p.AddWithValue("@created_by", (object?)c.CreatedBy ?? DBNull.Value);
        p.AddWithValue("@created_at", c.CreatedAt.ToUnixTimeMilliseconds());
        p.AddWithValue("@updated_at", c.UpdatedAt.ToUnixTimeMilliseconds());
        p.AddWithValue("@ended_at", c.EndedAt is { } ended ? ended.ToUnixTimeMilliseconds() : DBNull.Value);
    }

    public static Conversation ReadConversation(SqliteDataReader r) => new()
    {
        TenantId = r.GetString(0),
        UserId = r.GetString(1),
        Id = r.GetString(2),
        Name = r.GetString(3),
        Introduction = r.GetString(5),
        Summary = r.IsDBNull(6) ? null : r.GetString(6),
        Inputs = r.IsDBNull(7) ? null : Json(r.GetString(7)),
        Metadata = Metadata(r.GetString(8)),
        Status = r.GetString(9),
        Agent = r.IsDBNull(10) ? null : new AgentReference(r.GetString(10), r.IsDBNull(11) ? null : r.GetString(11)),
        Collections = Collections(r.GetString(12)),
        IsPublic = r.GetInt64(13) != 0,
        Settings = r.IsDBNull(14) ? null : Json(r.GetString(14)),
        OwnerId = r.IsDBNull(15) ? null : r.GetString(15),
        CreatedBy = r.IsDBNull(16) ? null : r.GetString(16),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(17)),
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(18)),
        EndedAt = r.IsDBNull(19) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(19)),
    };

    public static void Bind(SqliteCommand command, Variable v)
    {
        var p = command.Parameters;
        p.Clear();
        p.AddWithValue("@tenant_id", v.TenantId);
        p.AddWithValue("@user_id", v.UserId);
        p.AddWithValue("@conversation_id", v.ConversationId);
        p.AddWithValue("@id", v.Id);
        p.AddWithValue("@name", v.Name);
        p.AddWithValue("@name_folded", Fold(v.Name));
        p.AddWithValue("@value_type", v.ValueType);
        p.AddWithValue("@value", v.Value.GetRawText());
        p.AddWithValue("@description", v.Description);
        p.AddWithValue("@created_at", v.CreatedAt.ToUnixTimeMilliseconds());
        p.AddWithValue("@updated_at", v.UpdatedAt.ToUnixTimeMilliseconds());
    }

    public static Variable ReadVariable(SqliteDataReader r) => new()
    {
        TenantId = r.GetString(0),
        UserId = r.GetString(1),
        ConversationId = r.GetString(2),
        Id = r.GetString(3),
        Name = r.GetString(4),
        ValueType = r.GetString(6),
        Value = Json(r.GetString(7)),
        Description = r.GetString(8),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9)),
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)),
    };

    // Most conversations have no metadata or collections; skipping the parser for them is a large
    // share of what reading a page costs.
    private static JsonElement? Metadata(string json) => json == EmptyObject ? null : Json(json);

    public static string CollectionsJson(IReadOnlyList<string> collections) =>
        JsonSerializer.Serialize(collections, SqliteJsonContext.Default.IReadOnlyListString);

    private static List<string> Collections(string json) =>
        json == "[]" ? [] : JsonSerializer.Deserialize(json, SqliteJsonContext.Default.ListString)!;

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}

[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext;
