using System.ComponentModel;
using System.Text;
using System.Text.Json;
using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Conversations.Api.Dify;

// Dify's conversation history: the query GET /v1/messages binds, the message it answers, and how a
// conversation's items become Dify's messages (docs/model.md says what this mapping keeps and loses).

/// <summary>The query of <c>GET /v1/messages</c>.</summary>
public sealed class DifyMessagesQuery
{
    [FromQuery(Name = "conversation_id"), Description("The conversation whose messages to list.")]
    public string? ConversationId { get; set; }

    [FromQuery(Name = "user"), Description("The end user the conversation belongs to.")]
    public string? User { get; set; }

    [FromQuery(Name = "first_id"), Description("The id of the first (oldest) message of the current page; the page holds the messages before it.")]
    public string? FirstId { get; set; }

    [FromQuery(Name = "limit"), Description("How many messages to return, 1 to 100 (default 20).")]
    public string? Limit { get; set; }

    public bool TryParse(ApiCaller caller, out DifyMessagesPage request, out DifyErrorResult error)
    {
        request = null!;
        var conversationId = QueryRules.Given(ConversationId);
        var firstId = QueryRules.Given(FirstId);
        if (!DifyRequests.TryLimit(Limit, out var limit, out error) || !DifyRequests.TryScope(caller, User, out var scope, out error))
        {
            return false;
        }

        error = conversationId is null || !ItemIds.IsWellFormed(conversationId) ? DifyErrors.InvalidParam("conversation_id is required and must be a UUID.")
            : firstId is not null && !ItemIds.IsWellFormed(firstId) ? DifyErrors.InvalidParam("first_id must be a UUID.")
            : null!;
        request = new DifyMessagesPage(scope, conversationId!, firstId, limit);
        return error is null;
    }
}

public sealed record DifyMessagesPage(UserScope Scope, string ConversationId, string? FirstId, int Limit);

/// <summary>
/// One of Dify's messages: an exchange, a user's query and the answer that followed it. Dify's
/// agent thoughts, feedback and retriever resources have no counterpart here: empty, or null.
/// </summary>
public sealed record DifyMessage(
    string Id,
    string ConversationId,
    JsonElement Inputs,
    string Query,
    string Answer,
    IReadOnlyList<DifyMessageFile> MessageFiles,
    JsonElement? Feedback,
    IReadOnlyList<JsonElement> RetrieverResources,
    IReadOnlyList<JsonElement> AgentThoughts,
    long CreatedAt)
{
    private static readonly JsonElement EmptyInputs = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>
    /// The exchange that a user message item starts: its text parts as the query, its image and file
    /// parts as files, and the text of the assistant messages after it (up to the next user message) as
    /// the answer. Dify shows the message id as a UUID: the user item's id digits.
    /// </summary>
    public static DifyMessage From(Conversation conversation, ConversationItem user, IEnumerable<ConversationItem> answers)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(user);
        var messageId = ItemIds.AsUuid(user.Id);
        var answer = string.Join("\n\n", answers.Where(a => a.Role == "assistant").Select(a => Text(a, "output_text")).Where(t => t.Length > 0));
        return new DifyMessage(
            messageId, conversation.Id, conversation.Inputs ?? EmptyInputs, Text(user, "input_text"), answer, Files(user), null, [], [], user.CreatedAt.ToUnixTimeSeconds());
    }

    /// <summary>The message item's text parts of <paramref name="partType"/>, joined.</summary>
    private static string Text(ConversationItem message, string partType)
    {
        var text = new StringBuilder();
        foreach (var part in Parts(message))
        {
            if (Field(part, "type") == partType && Field(part, "text") is { } value)
            {
                text.Append(value);
            }
        }

        return text.ToString();
    }

    private static List<DifyMessageFile> Files(ConversationItem message) =>
        Parts(message)
            .Select(part => Field(part, "type") switch
            {
                "input_image" => new DifyMessageFile(Field(part, "file_id") ?? Field(part, "image_url") ?? "", "image", Field(part, "image_url") ?? "", "user"),
                "input_file" => new DifyMessageFile(Field(part, "file_id") ?? Field(part, "file_url") ?? "", "document", Field(part, "file_url") ?? "", "user"),
                _ => null,
            })
            .OfType<DifyMessageFile>()
            .ToList();

    private static List<JsonElement> Parts(ConversationItem message) =>
        message.Body.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array ? [.. content.EnumerateArray()] : [];

    private static string? Field(JsonElement part, string name) =>
        part.ValueKind == JsonValueKind.Object && part.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>A file of a message: <c>id</c> is the file id, or the URL when the part named none.</summary>
public sealed record DifyMessageFile(string Id, string Type, string Url, string BelongsTo);
