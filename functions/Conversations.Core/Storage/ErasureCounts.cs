namespace Conversations.Storage;

/// <summary>What an erasure removed so far, or in all (a store with conversation items adds a count of them here).</summary>
public sealed record ErasureCounts(long Conversations, long Variables)
{
    public static ErasureCounts None { get; } = new(0, 0);

    public long Total => Conversations + Variables;
}
