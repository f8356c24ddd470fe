using System.Buffers;
using System.Text.Json;
using Conversations.Model;
using Conversations.Storage;

namespace Conversations.Api.OpenAI;

/// <summary>An item as a request gives it, checked and put in the shape it is stored and shown in (without its id).</summary>
public sealed record NewItem(string Type, string? Role, JsonElement Body);

/// <summary>
/// The <c>items</c> of a create, checked as OpenAI's Conversations API defines them: every item is
/// checked before any is written, and the first problem names the item's index and field.
/// </summary>
public static class OpenAIItemRequests
{
    /// <summary>
    /// The largest item, as stored JSON. Far below Cosmos DB's 2 MB item limit (the stored document
    /// adds its keys and times), and 20 of them still exceed the 1 MB request body cap, which bounds a request.
    /// </summary>
    public const int MaxItemBytes = 256 * 1024;

    private static readonly string[] Roles = ["user", "assistant", "system", "developer"];
    private static readonly string[] PartTypes = ["input_text", "output_text", "refusal", "input_image", "input_file"];

    /// <summary>Reads <c>items</c>: 1 to 20 when <paramref name="required"/>, else absent, null or up to 20.</summary>
    public static bool TryItems(JsonElement body, bool required, out IReadOnlyList<NewItem> items, out OpenAIErrorResult error)
    {
        items = [];
        error = null!;
        if (!body.TryGetProperty("items", out var given) || given.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                error = OpenAIErrors.InvalidParameter("items", "items is required: an array of 1 to 20 items.");
            }

            return error is null;
        }

        if (given.ValueKind != JsonValueKind.Array)
        {
            error = OpenAIErrors.InvalidParameter("items", "items must be an array.");
            return false;
        }

        var count = given.GetArrayLength();
        if (count > OpenAIRequests.MaxItems || (required && count == 0))
        {
            error = OpenAIErrors.InvalidParameter("items", $"items must hold 1 to {OpenAIRequests.MaxItems} items; it has {count}.");
            return false;
        }

        var parsed = new List<NewItem>(count);
        var index = 0;
        foreach (var item in given.EnumerateArray())
        {
            var param = $"items[{index++}]";
            if (Check(item, param) is { } problem)
            {
                error = OpenAIErrors.InvalidParameter(problem.Param, problem.Message);
                return false;
            }

            var type = item.TryGetProperty("type", out var t) ? t.GetString()! : ConversationItemType.Message;
            var role = type == ConversationItemType.Message ? item.GetProperty("role").GetString() : null;
            var stored = Normalize(item, type, role);
            if (stored.Length > MaxItemBytes)
            {
                error = OpenAIErrors.InvalidParameter(param, $"An item may be at most {MaxItemBytes} bytes as JSON; this one is {stored.Length}.");
                return false;
            }

            parsed.Add(new NewItem(type, role, JsonDocument.Parse(stored).RootElement.Clone()));
        }

        items = parsed;
        return true;
    }

    /// <summary>The items as stored: ids made in order, so the list shows them in the order given.</summary>
    public static IReadOnlyList<ConversationItem> Stamp(ConversationKey conversation, IReadOnlyList<NewItem> items, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(items);
        return items.Select(item => new ConversationItem
        {
            Id = ItemIds.NewItem(ConversationItemType.IdPrefix(item.Type), now),
            TenantId = conversation.TenantId,
            UserId = conversation.UserId,
            ConversationId = conversation.ConversationId,
            Type = item.Type,
            Role = item.Role,
            Body = item.Body,
            CreatedAt = now,
        }).ToList();
    }

    private sealed record Problem(string Param, string Message);

    private static Problem? Check(JsonElement item, string param)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return new(param, "Each item must be an object.");
        }

        // A message may leave out its type (OpenAI's easy input message: role and content only).
        string type;
        if (!item.TryGetProperty("type", out var typeValue))
        {
            type = ConversationItemType.Message;
        }
        else if (typeValue.ValueKind != JsonValueKind.String || !ConversationItemType.All.Contains(typeValue.GetString()))
        {
            return new($"{param}.type", $"type must be one of {string.Join(", ", ConversationItemType.All)}.");
        }
        else
        {
            type = typeValue.GetString()!;
        }

        return type switch
        {
            ConversationItemType.Message => CheckMessage(item, param),
            ConversationItemType.FunctionCall => RequireText(item, param, "call_id") ?? RequireText(item, param, "name") ?? RequireText(item, param, "arguments"),
            ConversationItemType.FunctionCallOutput => RequireText(item, param, "call_id")
                ?? (item.TryGetProperty("output", out var output) && output.ValueKind is JsonValueKind.String or JsonValueKind.Array
                    ? null : new Problem($"{param}.output", "output must be a string or an array of content parts.")),
            _ => item.TryGetProperty("summary", out var summary) && summary.ValueKind == JsonValueKind.Array
                ? null : new Problem($"{param}.summary", "summary must be an array."),
        };
    }

    private static Problem? CheckMessage(JsonElement item, string param)
    {
        if (!item.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String || !Roles.Contains(role.GetString()))
        {
            return new($"{param}.role", $"role must be one of {string.Join(", ", Roles)}.");
        }

        if (!item.TryGetProperty("content", out var content) || content.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
        {
            return new($"{param}.content", "content must be a string or an array of content parts.");
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return null;
        }

        var index = 0;
        foreach (var part in content.EnumerateArray())
        {
            var at = $"{param}.content[{index++}]";
            if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var partType) || partType.ValueKind != JsonValueKind.String
                || !PartTypes.Contains(partType.GetString()))
            {
                return new($"{at}.type", $"Each content part must be an object whose type is one of {string.Join(", ", PartTypes)}.");
            }

            var problem = partType.GetString() switch
            {
                "input_text" or "output_text" => RequireText(part, at, "text"),
                "refusal" => RequireText(part, at, "refusal"),
                "input_image" => OneOf(part, at, "image_url", "file_id"),
                _ => OneOf(part, at, "file_url", "file_id"),
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static Problem? RequireText(JsonElement item, string param, string field) =>
        item.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? null : new($"{param}.{field}", $"{field} must be a string.");

    private static Problem? OneOf(JsonElement part, string param, string first, string second)
    {
        var given = new[] { first, second }.Where(f => part.TryGetProperty(f, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0).ToList();
        return given.Count == 1 ? null : new($"{param}.{first}", $"Give exactly one of {first} and {second}, as a string.");
    }

    /// <summary>
    /// The item as stored: its fields as given without an id (the store assigns it), a message's
    /// text content as one text part, and <c>status</c> "completed" where the item names none.
    /// </summary>
    private static byte[] Normalize(JsonElement item, string type, string? role)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            foreach (var property in item.EnumerateObject())
            {
                if (property.NameEquals("id") || property.NameEquals("type"))
                {
                    continue;
                }

                if (type == ConversationItemType.Message && property.NameEquals("content") && property.Value.ValueKind == JsonValueKind.String)
                {
                    writer.WriteStartArray("content");
                    writer.WriteStartObject();
                    writer.WriteString("type", role == "assistant" ? "output_text" : "input_text");
                    writer.WriteString("text", property.Value.GetString());
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                    continue;
                }

                property.WriteTo(writer);
            }

            if (type != ConversationItemType.Reasoning && !item.TryGetProperty("status", out _))
            {
                writer.WriteString("status", "completed");
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
