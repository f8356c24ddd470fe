namespace Conversations.Storage;

/// <summary>What an erasure removed so far, or in all.</summary>
public sealed record ErasureCounts(long Conversations, long Variables, long Items = 0)
{
    public static ErasureCounts None { get; } = new(0, 0);

    public long Total => Conversations + Variables + Items;
}
