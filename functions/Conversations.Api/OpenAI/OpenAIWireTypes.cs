using System.Text.Json.Serialization;
using Conversations.Model;

namespace Conversations.Api.OpenAI;

/// <summary><c>OpenAI.ConversationResource</c>.</summary>
public sealed record OpenAIConversation(
    string Id,
    [property: JsonPropertyName("object")] string Kind,
    long CreatedAt,
    IReadOnlyDictionary<string, string> Metadata)
{
    public static OpenAIConversation From(Conversation c) => new(c.Id, "conversation", c.CreatedAt.ToUnixTimeSeconds(), OpenAIMetadata.Project(c.Metadata));
}

public sealed record OpenAIConversationList(
    [property: JsonPropertyName("object")] string Kind,
    IReadOnlyList<OpenAIConversation> Data,
    string? FirstId,
    string? LastId,
    bool HasMore);

public sealed record OpenAIConversationDeleted(string Id, [property: JsonPropertyName("object")] string Kind, bool Deleted)
{
    public static OpenAIConversationDeleted Of(string id) => new(id, "conversation.deleted", true);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OpenAIConversation))]
[JsonSerializable(typeof(OpenAIConversationList))]
[JsonSerializable(typeof(OpenAIConversationDeleted))]
[JsonSerializable(typeof(OpenAIErrorEnvelope))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class OpenAIJsonContext : JsonSerializerContext;
