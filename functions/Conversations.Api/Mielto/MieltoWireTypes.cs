using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Storage;

namespace Conversations.Api.Mielto;

/// <summary><c>ConversationRead</c>: every field present, nulls included, times in ISO-8601 UTC.</summary>
public sealed record MieltoConversation(
    string? CreatedAt,
    string? UpdatedAt,
    string Id,
    string? Title,
    string? Summary,
    string Status,
    bool IsPublic,
    IReadOnlyList<string>? Collections,
    JsonElement? MetaData,
    JsonElement? Settings,
    string? EndedAt,
    string? OwnerId,
    string WorkspaceId,
    string? CreatedBy)
{
    /// <summary>What <see cref="From"/> reads of a conversation, so a list page reads no more.</summary>
    public const ConversationFields Fields = ConversationFields.All & ~(ConversationFields.Introduction | ConversationFields.Inputs | ConversationFields.Agent);

    public static MieltoConversation From(Conversation c) => new(
        Iso(c.CreatedAt),
        Iso(c.UpdatedAt),
        c.Id,
        c.Name.Length == 0 ? null : c.Name,
        c.Summary,
        c.Status,
        c.IsPublic,
        c.Collections,
        c.Metadata,
        c.Settings,
        c.EndedAt is { } ended ? Iso(ended) : null,
        c.OwnerId,
        c.TenantId,
        c.CreatedBy);

    /// <summary>
    /// The time in UTC to the millisecond, e.g. <c>2026-03-04T05:06:07.891Z</c>: the round-trip format
    /// cut after the milliseconds, which is what the custom format <c>yyyy-MM-dd'T'HH:mm:ss.fff'Z'</c>
    /// gives. A custom format is parsed again on every call (~90 ns against ~20 ns here), and a list
    /// page formats two or three times per item.
    /// </summary>
    private static string Iso(DateTimeOffset time) => string.Create(24, time.UtcDateTime, static (text, utc) =>
    {
        Span<char> roundTrip = stackalloc char[28];
        utc.TryFormat(roundTrip, out _, "O", CultureInfo.InvariantCulture);
        roundTrip[..23].CopyTo(text);
        text[23] = 'Z';
    });
}

public sealed record MieltoConversationList(IReadOnlyList<MieltoConversation> Data, int TotalCount, string? NextCursor, bool HasMore)
{
    public static MieltoConversationList Of(Page<Conversation> page, string? nextCursor)
    {
        ArgumentNullException.ThrowIfNull(page);
        ApiTelemetry.PageServed(page.Items.Count);
        return new(page.Items.Select(MieltoConversation.From).ToList(), page.Items.Count, nextCursor, page.HasMore);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(MieltoConversation))]
[JsonSerializable(typeof(MieltoConversationList))]
[JsonSerializable(typeof(MieltoDetail))]
[JsonSerializable(typeof(MieltoValidationErrors))]
[JsonSerializable(typeof(MieltoConversationBody))]
internal sealed partial class MieltoJsonContext : JsonSerializerContext;
