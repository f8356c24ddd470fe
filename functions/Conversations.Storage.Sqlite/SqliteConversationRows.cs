using System.Text.Json;
using System.Text.Json.Serialization;
using Conversations.Model;
using Microsoft.Data.Sqlite;

namespace Conversations.Storage.Sqlite;

/// <summary>How a conversation is stored: times as Unix milliseconds, JSON fields as JSON text.</summary>
internal static class SqliteConversationRows
{
    public const string Table = "conversations";

    public const string Columns =
        "tenant_id, user_id, id, name, name_folded, introduction, summary, inputs, metadata, status, agent_name, agent_version, " +
        "collections, is_public, settings, owner_id, created_by, created_at, updated_at, ended_at";

    public const string Parameters =
        "@tenant_id, @user_id, @id, @name, @name_folded, @introduction, @summary, @inputs, @metadata, @status, @agent_name, @agent_version, " +
        "@collections, @is_public, @settings, @owner_id, @created_by, @created_at, @updated_at, @ended_at";

    public const string Insert = $"INSERT INTO {Table} ({Columns}) VALUES ({Parameters})";

    /// <summary>How a conversation without metadata is stored (the column is NOT NULL).</summary>
    public const string EmptyObject = "{}";

    private const string EmptyArray = "[]";

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

    public static string CollectionsJson(IReadOnlyList<string> collections) =>
        JsonSerializer.Serialize(collections, SqliteJsonContext.Default.IReadOnlyListString);

    // Most conversations have no metadata or collections; skipping the parser for them is a large
    // share of what reading a page costs.
    public static JsonElement? Metadata(SqliteStatement row, int column)
    {
        if (row.TryCleanJsonUtf8(column, out var utf8))
        {
            return utf8.SequenceEqual("{}"u8) ? null : JsonElement.Parse(utf8);
        }

        var json = row.JsonText(column);
        return json == EmptyObject ? null : Parse(json);
    }

    public static List<string> Collections(SqliteStatement row, int column)
    {
        if (row.TryCleanJsonUtf8(column, out var utf8))
        {
            return utf8.SequenceEqual("[]"u8) ? [] : JsonSerializer.Deserialize(utf8, SqliteJsonContext.Default.ListString)!;
        }

        var json = row.JsonText(column);
        return json == EmptyArray ? [] : JsonSerializer.Deserialize(json, SqliteJsonContext.Default.ListString)!;
    }

    /// <summary>The agent from two columns (name, version), moving <paramref name="next"/> past both.</summary>
    public static AgentReference? Agent(SqliteStatement row, ref int next)
    {
        var name = row.TextOrNull(next++);
        var version = row.TextOrNull(next++);
        return name is null ? null : new AgentReference(name, version);
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext;
