using System.Text.Json;
using System.Text.Json.Serialization;
using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Storage;

namespace Conversations.Api.Dify;

/// <summary>A conversation as Dify's list and write endpoints return it.</summary>
public sealed record DifyConversation(
    string Id, string Name, JsonElement Inputs, string Status, string Introduction, long CreatedAt, long UpdatedAt)
{
    private static readonly JsonElement EmptyInputs = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>What <see cref="From"/> reads of a conversation, so a list page reads no more.</summary>
    public const ConversationFields Fields = ConversationFields.Name | ConversationFields.Inputs | ConversationFields.Status | ConversationFields.Introduction;

    public static DifyConversation From(Conversation c) => new(
        c.Id,
        c.Name,
        c.Inputs ?? EmptyInputs,
        // Dify calls an active conversation "normal"; any other status is shown as stored.
        c.Status == ConversationStatus.Active ? "normal" : c.Status,
        c.Introduction,
        c.CreatedAt.ToUnixTimeSeconds(),
        c.UpdatedAt.ToUnixTimeSeconds());
}

/// <summary>A conversation variable; <c>value</c> is always a string (JSON text for non-string types).</summary>
public sealed record DifyVariable(
    string Id, string Name, string ValueType, string Value, string Description, long CreatedAt, long UpdatedAt)
{
    public static DifyVariable From(Variable v) => new(
        v.Id,
        v.Name,
        v.ValueType,
        v.Value.ValueKind == JsonValueKind.String ? v.Value.GetString()! : v.Value.GetRawText(),
        v.Description,
        v.CreatedAt.ToUnixTimeSeconds(),
        v.UpdatedAt.ToUnixTimeSeconds());
}

public sealed record DifyList<T>(int Limit, bool HasMore, IReadOnlyList<T> Data);

public static class DifyList
{
    public static DifyList<TWire> Of<TItem, TWire>(int limit, Page<TItem> page, Func<TItem, TWire> map)
    {
        ArgumentNullException.ThrowIfNull(page);
        ApiTelemetry.PageServed(page.Items.Count);
        return new DifyList<TWire>(limit, page.HasMore, page.Items.Select(map).ToList());
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(DifyConversation))]
[JsonSerializable(typeof(DifyVariable))]
[JsonSerializable(typeof(DifyList<DifyConversation>))]
[JsonSerializable(typeof(DifyList<DifyVariable>))]
[JsonSerializable(typeof(DifyList<DifyMessage>))]
[JsonSerializable(typeof(DifyError))]
internal sealed partial class DifyJsonContext : JsonSerializerContext;
