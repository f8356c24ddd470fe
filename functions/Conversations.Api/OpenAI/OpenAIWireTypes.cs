using System.Text.Json.Serialization;
using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Storage;

namespace Conversations.Api.OpenAI;

/// <summary><c>OpenAI.ConversationResource</c>.</summary>
public sealed record OpenAIConversation(
    string Id,
    [property: JsonPropertyName("object")] string Kind,
    long CreatedAt,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>What <see cref="From"/> reads of a conversation, so a list page reads no more.</summary>
    public const ConversationFields Fields = ConversationFields.Metadata;

    public static OpenAIConversation From(Conversation c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.Id, "conversation", c.CreatedAt.ToUnixTimeSeconds(), OpenAIMetadata.Project(c.Metadata));
    }
}

public sealed record OpenAIConversationList(
    [property: JsonPropertyName("object")] string Kind,
    IReadOnlyList<OpenAIConversation> Data,
    string? FirstId,
    string? LastId,
    bool HasMore)
{
    public static OpenAIConversationList Of(Page<Conversation> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        ApiTelemetry.PageServed(page.Items.Count);
        var data = page.Items.Select(OpenAIConversation.From).ToList();
        return new("list", data, data.FirstOrDefault()?.Id, data.LastOrDefault()?.Id, page.HasMore);
    }
}

public sealed record OpenAIConversationDeleted(string Id, [property: JsonPropertyName("object")] string Kind, bool Deleted)
{
    public static OpenAIConversationDeleted Of(string id) => new(id, "conversation.deleted", true);
}

// A retrieved item is copied as it is (VerbatimJsonConverter: set here, not on a property, so the generated fast path
// stays); a page's items are WrittenJson, copied by their own converter.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, Converters = [typeof(VerbatimJsonConverter)])]
[JsonSerializable(typeof(OpenAIConversation))]
[JsonSerializable(typeof(OpenAIConversationList))]
[JsonSerializable(typeof(OpenAIConversationDeleted))]
[JsonSerializable(typeof(OpenAIErrorEnvelope))]
[JsonSerializable(typeof(OpenAIItemList))]
[JsonSerializable(typeof(OpenAICreateItemsBody))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
[JsonSerializable(typeof(OpenAICreateConversationBody))]
[JsonSerializable(typeof(OpenAIUpdateConversationBody))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class OpenAIJsonContext : JsonSerializerContext;
