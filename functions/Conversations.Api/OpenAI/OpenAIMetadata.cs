using System.Text.Json;
using Conversations.Model;

namespace Conversations.Api.OpenAI;

/// <summary>
/// OpenAI's <c>metadata</c>: at most 16 string pairs, keys of at most 64 characters, values of at most
/// 512. Conversations store metadata as a JSON object with values of any kind (Mielto writes those), so
/// OpenAI sees a string projection of it: string values as they are, any other value as its compact
/// JSON text (<c>3</c> → <c>"3"</c>, <c>{"a":[1]}</c> → <c>"{\"a\":[1]}"</c>); pairs beyond OpenAI's bounds
/// (a key or projected value too long, or after the 16th pair) are left out of the OpenAI view, never
/// cut, so a value OpenAI shows is always the whole value.
/// </summary>
public static class OpenAIMetadata
{
    public const int MaxPairs = 16;
    public const int MaxKeyLength = 64;
    public const int MaxValueLength = 512;

    public static IReadOnlyDictionary<string, string> Empty { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Null when <paramref name="metadata"/> is within OpenAI's bounds, else a sentence saying which bound it breaks.</summary>
    public static string? Check(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.Count > MaxPairs)
        {
            return $"metadata may hold at most {MaxPairs} pairs; it has {metadata.Count}.";
        }

        foreach (var (key, value) in metadata)
        {
            if (key.Length > MaxKeyLength)
            {
                return $"metadata keys may be at most {MaxKeyLength} characters; '{Shorten(key)}' has {key.Length}.";
            }

            if (value.Length > MaxValueLength)
            {
                return $"metadata values may be at most {MaxValueLength} characters; the value of '{Shorten(key)}' has {value.Length}.";
            }
        }

        return null;
    }

    /// <summary>The stored form of OpenAI metadata: a JSON object of strings, or null when empty.</summary>
    public static JsonElement? ToStored(IReadOnlyDictionary<string, string> metadata) =>
        metadata.Count == 0 ? null : JsonSerializer.SerializeToElement(metadata, OpenAIJsonContext.Default.IReadOnlyDictionaryStringString);

    /// <summary>What OpenAI shows of stored metadata (see the class remarks).</summary>
    public static IReadOnlyDictionary<string, string> Project(JsonElement? stored)
    {
        if (stored is not { ValueKind: JsonValueKind.Object } metadata)
        {
            return Empty;
        }

        var projection = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in metadata.EnumerateObject())
        {
            var value = pair.Value.ValueKind == JsonValueKind.String ? pair.Value.GetString()! : pair.Value.GetRawText();
            if (projection.Count < MaxPairs && pair.Name.Length <= MaxKeyLength && value.Length <= MaxValueLength)
            {
                projection[pair.Name] = value;
            }
        }

        return projection;
    }

    // An id or key echoed in a message is the caller's own input; cut it so a huge one cannot bloat the answer.
    private static string Shorten(string key) => key.Length <= 20 ? key : key[..20] + "…";
}
