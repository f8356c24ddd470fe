using System.ComponentModel;
using System.Text.Json;

namespace Conversations.Api.OpenAI;

// The JSON bodies the OpenAI writes read, as the API reference shows them; OpenAIRequests parses them.

/// <summary>The body of a create.</summary>
public sealed record OpenAICreateConversationBody(
    [property: Description("Up to 16 string pairs; keys at most 64 characters, values at most 512.")] IReadOnlyDictionary<string, string>? Metadata = null,
    [property: Description("Up to 20 initial items, stored in order (as in an items create).")] IReadOnlyList<JsonElement>? Items = null,
    [property: Description("The agent, as name:version.")] string? AgentId = null,
    [property: Description("The agent's name (must agree with agent_id when both are sent).")] string? AgentName = null);

/// <summary>The body of an update.</summary>
public sealed record OpenAIUpdateConversationBody(
    [property: Description("Replaces the conversation's metadata: up to 16 string pairs.")] IReadOnlyDictionary<string, string> Metadata);
