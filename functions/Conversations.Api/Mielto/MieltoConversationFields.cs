using System.Text.Json;
using Conversations.Api.Http;
using Conversations.Storage;

namespace Conversations.Api.Mielto;

/// <summary>
/// The writable fields of <c>ConversationRead</c>, read from a create or update body as the changes to
/// write. Only fields present in the body change; an explicit null clears a nullable field, as a PATCH
/// means it. <c>owner_id</c> and <c>created_by</c> are not among them: Mielto's API reference shows
/// them only as read fields of <c>ConversationRead</c> (List Conversations,
/// https://docs.mielto.com/api-reference), so they come from the caller's scope when a conversation is
/// created (<see cref="MieltoConversationsApi.CreateAsync"/>), never from a body.
/// </summary>
internal static class MieltoConversationFields
{
    public const int MaxTitleLength = 255;
    private const int MaxTextLength = 10_000;
    private const int MaxIdLength = 255;
    private const int MaxCollections = 100;

    /// <summary>Mielto takes any JSON object as <c>meta_data</c> and <c>settings</c>; this bound keeps one conversation's document small.</summary>
    public const int MaxJsonBytes = 16 * 1024;

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
            var metadata = fields.JsonObject("meta_data", MaxJsonBytes);
            changes = changes with { Metadata = new(metadata is { } o && o.EnumerateObject().Any() ? o : null) };
        }

        if (fields.IsPresent("settings"))
        {
            changes = changes with { Settings = new(fields.JsonObject("settings", MaxJsonBytes)) };
        }

        if (fields.IsPresent("ended_at"))
        {
            changes = changes with { EndedAt = new(fields.Timestamp("ended_at")) };
        }

        return changes;
    }
}
