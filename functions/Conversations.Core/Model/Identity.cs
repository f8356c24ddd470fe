namespace Conversations.Model;

/// <summary>Ids and timestamps for new items: UUIDv7 (time-ordered, valid in every dialect) and millisecond times.</summary>
public static class Identity
{
    /// <summary>Now, cut to the millisecond precision the stores keep, so what is written is what is read back.</summary>
    public static DateTimeOffset NowMillis(this TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    /// <summary>A UUIDv7 stamped with the item's own creation time, so id order agrees with creation order.</summary>
    public static string NewId(DateTimeOffset createdAt) => Guid.CreateVersion7(createdAt).ToString("D");

    /// <summary>True for a UUID in its canonical 36-character form; anything else can never be one of our ids.</summary>
    public static bool IsId(string? text) => text is { Length: 36 } && Guid.TryParseExact(text, "D", out _);
}
