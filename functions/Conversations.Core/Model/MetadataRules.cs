namespace Conversations.Model;

/// <summary>The metadata bounds OpenAI publishes and every dialect shares.</summary>
public static class MetadataRules
{
    public const int MaxPairs = 16;
    public const int MaxKeyLength = 64;
    public const int MaxValueLength = 512;

    /// <summary>Null when the metadata is within bounds, else a sentence saying which bound it breaks.</summary>
    public static string? Check(IReadOnlyDictionary<string, string> metadata)
    {
        if (metadata.Count > MaxPairs)
        {
            return $"metadata may hold at most {MaxPairs} pairs; it has {metadata.Count}.";
        }

        foreach (var (key, value) in metadata)
        {
            if (key.Length > MaxKeyLength)
            {
                return $"metadata keys may be at most {MaxKeyLength} characters; '{Truncate(key)}' has {key.Length}.";
            }

            if (value.Length > MaxValueLength)
            {
                return $"metadata values may be at most {MaxValueLength} characters; the value of '{Truncate(key)}' has {value.Length}.";
            }
        }

        return null;
    }

    private static string Truncate(string key) => key.Length <= 20 ? key : key[..20] + "…";
}
