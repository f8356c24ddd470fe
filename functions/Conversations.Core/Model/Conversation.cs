using System.Text.Json;

namespace Conversations.Model;

/// <summary>
/// A conversation as the store keeps it. Every dialect maps to and from this shape; none of its
/// field names reach the wire directly.
/// </summary>
public sealed record Conversation
{
    public required string Id { get; init; }
    public required string TenantId { get; init; }

    /// <summary>The end user the conversation belongs to; <see cref="Storage.UserScope.Anonymous"/> when the caller named none.</summary>
    public required string UserId { get; init; }

    /// <summary>Dify <c>name</c>, Mielto <c>title</c>. Empty when unnamed, so it sorts like any other string.</summary>
    public string Name { get; init; } = "";
    public string Introduction { get; init; } = "";
    public string? Summary { get; init; }

    /// <summary>A JSON object (Dify <c>inputs</c>), or null.</summary>
    public JsonElement? Inputs { get; init; }

    /// <summary>
    /// A JSON object with values of any kind (Mielto <c>meta_data</c>), or null when there is none.
    /// OpenAI's <c>metadata</c> is its string projection (OpenAIMetadata in Conversations.Api; docs/model.md).
    /// </summary>
    public JsonElement? Metadata { get; init; }

    public string Status { get; init; } = ConversationStatus.Active;
    public AgentReference? Agent { get; init; }
    public IReadOnlyList<string> Collections { get; init; } = [];
    public bool IsPublic { get; init; }

    /// <summary>A JSON object (Mielto <c>settings</c>), or null.</summary>
    public JsonElement? Settings { get; init; }

    public string? OwnerId { get; init; }
    public string? CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
}

/// <summary>The agent a conversation is associated with. OpenAI/Foundry render it as <c>name:version</c>.</summary>
public sealed record AgentReference(string Name, string? Version)
{
    public override string ToString() => Version is null ? Name : $"{Name}:{Version}";
}

public static class ConversationStatus
{
    public const string Active = "active";
}
