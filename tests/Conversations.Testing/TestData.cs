using System.Text.Json;
using Conversations.Model;

namespace Conversations.Testing;

/// <summary>Builders for store-level tests: valid items with sensible defaults and time-ordered ids.</summary>
public static class TestData
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string NewTenant() => "tenant-" + Guid.NewGuid().ToString("N");

    public static Conversation Conversation(string tenant, string user, DateTimeOffset? created = null, string name = "")
    {
        var at = created ?? Epoch;
        return new Conversation
        {
            Id = Guid.CreateVersion7(at).ToString(),
            TenantId = tenant,
            UserId = user,
            Name = name,
            CreatedAt = at,
            UpdatedAt = at,
        };
    }

    public static Variable Variable(Conversation conversation, string name, DateTimeOffset? created = null, string valueType = "string", string valueJson = "\"v\"")
    {
        var at = created ?? Epoch;
        return new Variable
        {
            Id = Guid.CreateVersion7(at).ToString(),
            TenantId = conversation.TenantId,
            UserId = conversation.UserId,
            ConversationId = conversation.Id,
            Name = name,
            ValueType = valueType,
            Value = Json(valueJson),
            CreatedAt = at,
            UpdatedAt = at,
        };
    }

    /// <summary>A message item of the conversation with one text part, its id made in creation order.</summary>
    public static ConversationItem Message(Conversation conversation, string role, string text, DateTimeOffset? created = null)
    {
        var at = created ?? Epoch;
        var part = role == "assistant" ? "output_text" : "input_text";
        return new ConversationItem
        {
            Id = ItemIds.NewItem("msg", at),
            TenantId = conversation.TenantId,
            UserId = conversation.UserId,
            ConversationId = conversation.Id,
            Type = ConversationItemType.Message,
            Role = role,
            Body = Json($$"""{"type":"message","role":"{{role}}","status":"completed","content":[{"type":"{{part}}","text":{{JsonSerializer.Serialize(text)}}}]}"""),
            CreatedAt = at,
        };
    }

    public static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
