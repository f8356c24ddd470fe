using System.Text.Json;

namespace Conversations.Model;

/// <summary>A conversation variable. It lives beside its conversation (same tenant and user).</summary>
public sealed record Variable
{
    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public required string UserId { get; init; }
    public required string ConversationId { get; init; }
    public required string Name { get; init; }

    /// <summary>One of <see cref="VariableValueType.All"/>.</summary>
    public required string ValueType { get; init; }

    /// <summary>The value as JSON; its kind matches <see cref="ValueType"/>.</summary>
    public required JsonElement Value { get; init; }

    public string Description { get; init; } = "";
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
