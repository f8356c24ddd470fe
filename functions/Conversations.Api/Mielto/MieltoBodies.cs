using System.ComponentModel;
using System.Text.Json;

namespace Conversations.Api.Mielto;

// The JSON body Mielto's writes read, as the API reference shows it; MieltoRequests parses it.

/// <summary>The body of a create or an update (<c>ConversationCreate</c>/<c>ConversationUpdate</c>): only fields present change.</summary>
public sealed record MieltoConversationBody(
    [property: Description("The user the conversation belongs to.")] string? UserId,
    [property: Description("Conversation title, at most 255 characters.")] string? Title,
    [property: Description("Conversation summary.")] string? Summary,
    [property: Description("Conversation status (default active).")] string? Status,
    [property: Description("Whether the conversation is public.")] bool? IsPublic,
    [property: Description("Collection ids associated with the conversation.")] IReadOnlyList<string>? Collections,
    [property: Description("Additional metadata: any JSON object.")] JsonElement? MetaData,
    [property: Description("Conversation settings: any JSON object.")] JsonElement? Settings,
    [property: Description("When the conversation ended (ISO 8601).")] DateTimeOffset? EndedAt,
    [property: Description("Owner id associated with the conversation.")] string? OwnerId,
    [property: Description("User who created the conversation.")] string? CreatedBy);
