using System.Text.Json;
using Conversations.Api.Http;
using Conversations.Storage;

namespace Conversations.Api.Mielto;

/// <summary>
/// The writable fields of <c>ConversationRead</c>, read from a create or update body as the changes to
/// write. Only fields present in the body change; an explicit null clears a nullable field, as a PATCH
/// means it.
/// </summary>
internal static class MieltoConversationFields
{
    public const int MaxTitleLength = 255;
    private const int MaxTextLength = 10_000;
    private const int MaxIdLength = 255;
    private const int MaxCollections = 100;

    /// <summary>Mielto takes any JSON object as <c>meta_data</c>; this bound keeps one conversation's document small.</summary>
    public const int MaxMetadataBytes = 16 * 1024;

    public static ConversationChanges Read(BodyFields fields, DateTimeOffset now)
    {
        var changes = new ConversationChanges(now);
        if (fields.IsPresent("title"))
        {
            changes = changes with { Name = new(fields.Text("title", MaxTitleLength) ?? "") };
        }

        if (fields.IsPresent("summary"))
        {
            changes = changes with { Summary = new(fields.Text("summary", MaxTextLength)) };
        }

        if (fields.IsPresent("status"))
        {
            var status = fields.Text("status", 64);
            if (string.IsNullOrEmpty(status))
            {
                fields.Reject("status", "status must be a non-empty string.", "string_type");
            }
            else
            {
                changes = changes with { Status = new(status) };
            }
        }

        if (fields.IsPresent("is_public"))
        {
            var isPublic = fields.Flag("is_public");
            if (isPublic is null)
            {
                fields.Reject("is_public", "is_public must be a boolean.", "bool_type");
            }
            else
            {
                changes = changes with { IsPublic = new(isPublic.Value) };
            }
        }

        if (fields.IsPresent("collections"))
        {
            var collections = fields.TextList("collections") ?? [];
            if (collections.Count > MaxCollections || collections.Any(id => id.Length is 0 or > MaxIdLength))
            {
                fields.Reject("collections", $"collections may hold at most {MaxCollections} non-empty ids of at most {MaxIdLength} characters.");
            }

            changes = changes with { Collections = new(collections) };
        }

        if (fields.IsPresent("meta_data"))
        {
            var metadata = fields.JsonObject("meta_data");
            if (metadata is { } m && System.Text.Encoding.UTF8.GetByteCount(m.GetRawText()) > MaxMetadataBytes)
            {
                fields.Reject("meta_data", $"meta_data may take at most {MaxMetadataBytes} bytes of JSON.");
            }

            changes = changes with { Metadata = new(metadata is { } o && o.EnumerateObject().Any() ? o : null) };
        }

        if (fields.IsPresent("settings"))
        {
            changes = changes with { Settings = new(fields.JsonObject("settings")) };
        }

        if (fields.IsPresent("ended_at"))
        {
            changes = changes with { EndedAt = new(fields.Timestamp("ended_at")) };
        }

        if (fields.IsPresent("owner_id"))
        {
            changes = changes with { OwnerId = new(fields.Text("owner_id", MaxIdLength)) };
        }

        if (fields.IsPresent("created_by"))
        {
            changes = changes with { CreatedBy = new(fields.Text("created_by", MaxIdLength)) };
        }

        return changes;
    }
}
