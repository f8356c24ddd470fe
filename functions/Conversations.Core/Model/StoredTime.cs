namespace Conversations.Model;

/// <summary>Times as the stores keep them: UTC, to the millisecond.</summary>
public static class StoredTime
{
    /// <summary>Now, cut to the millisecond, so what is written is exactly what is read back.</summary>
    public static DateTimeOffset NowToTheMillisecond(this TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
