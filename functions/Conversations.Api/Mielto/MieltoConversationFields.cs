using System.Text.Json;
using Conversations.Api.Http;
using Conversations.Model;

namespace Conversations.Api.Mielto;

/// <summary>
/// The writable fields of <c>ConversationRead</c>, applied to a conversation. Only fields present in the
/// body change; an explicit null clears a nullable field, as a PATCH means it.
/// </summary>
internal static class MieltoConversationFields
{
    public const int MaxTitleLength = 255;
    private const int MaxTextLength = 10_000;
    private const int MaxIdLength = 255;
    private const int MaxCollections = 100;

    public static Conversation Apply(Conversation conversation, JsonElement body, BodyFields fields)
    {
        var c = conversation;
        if (Present(body, "title"))
        {
            c = c with { Name = fields.Text("title", MaxTitleLength) ?? "" };
        }

        if (Present(body, "summary"))
        {
            c = c with { Summary = fields.Text("summary", MaxTextLength) };
        }

        if (Present(body, "status"))
        {
            var status = fields.Text("status", 64);
            if (string.IsNullOrEmpty(status))
            {
                fields.Reject("status", "status must be a non-empty string.", "string_type");
            }
            else
            {
                c = c with { Status = status };
            }
        }

        if (Present(body, "is_public"))
        {
            var isPublic = fields.Flag("is_public");
            if (isPublic is null)
            {
                fields.Reject("is_public", "is_public must be a boolean.", "bool_type");
            }
            else
            {
                c = c with { IsPublic = isPublic.Value };
            }
        }

        if (Present(body, "collections"))
        {
            var collections = fields.TextList("collections") ?? [];
            if (collections.Count > MaxCollections || collections.Any(id => id.Length is 0 or > MaxIdLength))
            {
                fields.Reject("collections", $"collections may hold at most {MaxCollections} non-empty ids of at most {MaxIdLength} characters.");
            }

            c = c with { Collections = collections };
        }

        if (Present(body, "meta_data"))
        {
            var metadata = fields.TextMap("meta_data") ?? Conversation.EmptyMetadata;
            if (MetadataRules.Check(metadata) is { } problem)
            {
                fields.Reject("meta_data", problem);
            }

            c = c with { Metadata = metadata };
        }

        if (Present(body, "settings"))
        {
            c = c with { Settings = fields.JsonObject("settings") };
        }

        if (Present(body, "ended_at"))
        {
            c = c with { EndedAt = fields.Timestamp("ended_at") };
        }

        if (Present(body, "owner_id"))
        {
            c = c with { OwnerId = fields.Text("owner_id", MaxIdLength) };
        }

        if (Present(body, "created_by"))
        {
            c = c with { CreatedBy = fields.Text("created_by", MaxIdLength) };
        }

        return c;
    }

    private static bool Present(JsonElement body, string name) => body.TryGetProperty(name, out _);
}
