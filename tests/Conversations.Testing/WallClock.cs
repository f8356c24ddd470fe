namespace Conversations.Testing;

/// <summary>The machine's clock, which the servers under test read too (in process or as child processes).</summary>
public static class WallClock
{
    /// <summary>
    /// Waits until the clock, read to <paramref name="resolution"/>, shows a later time than
    /// <paramref name="instant"/>, so that a write made afterwards is stamped later even where the API
    /// renders times in whole seconds. It waits for the clock, not for a fixed time.
    /// </summary>
    public static async Task PassAsync(DateTimeOffset instant, TimeSpan resolution)
    {
        var target = new DateTimeOffset(instant.UtcTicks - (instant.UtcTicks % resolution.Ticks) + resolution.Ticks, TimeSpan.Zero);
        for (var left = target - DateTimeOffset.UtcNow; left > TimeSpan.Zero; left = target - DateTimeOffset.UtcNow)
        {
            await Task.Delay(left);
        }
    }
}
