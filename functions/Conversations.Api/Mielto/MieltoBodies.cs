using System.ComponentModel;
using System.Text.Json;

namespace Conversations.Api.Mielto;

// The JSON body Mielto's writes read, as the API reference shows it; MieltoRequests parses it.

/// <summary>The body of a create or an update (<c>ConversationCreate</c>/<c>ConversationUpdate</c>): only fields present change.</summary>
public sealed record MieltoConversationBody(
    [property: Description("The user the conversation belongs to.")] string? UserId = null,
    [property: Description("Conversation title, at most 255 characters.")] string? Title = null,
    [property: Description("Conversation summary.")] string? Summary = null,
    [property: Description("Conversation status (default active).")] string? Status = null,
    [property: Description("Whether the conversation is public.")] bool? IsPublic = null,
    [property: Description("Collection ids associated with the conversation.")] IReadOnlyList<string>? Collections = null,
    [property: Description("Additional metadata: any JSON object.")] JsonElement? MetaData = null,
    [property: Description("Conversation settings: any JSON object.")] JsonElement? Settings = null,
    [property: Description("When the conversation ended (ISO 8601).")] DateTimeOffset? EndedAt = null);
