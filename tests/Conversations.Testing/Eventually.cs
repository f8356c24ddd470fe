namespace Conversations.Testing;

/// <summary>
/// Waits for a condition that nothing signals (a span exported after the response is written, a
/// cached key that expires, a store that answers again): it checks the condition, and again after
/// each short pause, until it holds or the deadline passes. Deadlines are generous, since a loaded
/// machine is slow; a condition that holds early ends the wait early.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50);

    /// <summary>Whether <paramref name="condition"/> held within <paramref name="within"/>.</summary>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > within)
            {
                return false;
            }

            await Task.Delay(Pause);
        }

        return true;
    }

    /// <inheritdoc cref="HoldsAsync(Func{Task{bool}}, TimeSpan)"/>
    public static Task<bool> HoldsAsync(Func<bool> condition, TimeSpan within) => HoldsAsync(() => Task.FromResult(condition()), within);
}
