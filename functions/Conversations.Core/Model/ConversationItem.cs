using System.Text.Json;

namespace Conversations.Model;

/// <summary>
/// One item of a conversation (a message, a function call or its output, a reasoning step), as the
/// store keeps it. It lives beside its conversation (same tenant and user). <see cref="Body"/> is the
/// item as OpenAI's Conversations API shows it, without its id; dialects read what they need from it.
/// </summary>
public sealed record ConversationItem
{
    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public required string UserId { get; init; }
    public required string ConversationId { get; init; }

    /// <summary>One of <see cref="ConversationItemType"/>.</summary>
    public required string Type { get; init; }

    /// <summary>The role of a message (user, assistant, system, developer); null for other types.</summary>
    public string? Role { get; init; }

    /// <summary>A JSON object: the item's fields as given (type, role, content, status, call_id, …), never its id.</summary>
    public required JsonElement Body { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The time-ordered part of the id: with <see cref="CreatedAt"/>, the item's place in its conversation.</summary>
    public string Sequence => ItemIds.SequenceOf(Id);
}

public static class ConversationItemType
{
    public const string Message = "message";
    public const string FunctionCall = "function_call";
    public const string FunctionCallOutput = "function_call_output";
    public const string Reasoning = "reasoning";

    public static IReadOnlyList<string> All { get; } = [Message, FunctionCall, FunctionCallOutput, Reasoning];

    /// <summary>The id prefix of each type, in OpenAI's style (<c>msg_…</c>, <c>fc_…</c>).</summary>
    public static string IdPrefix(string type) => type switch
    {
        Message => "msg",
        FunctionCall => "fc",
        FunctionCallOutput => "fco",
        Reasoning => "rs",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
