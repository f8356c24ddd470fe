namespace Conversations.Testing;

/// <summary>
/// A clock that stands still unless moved, so tests can make many items share one timestamp. Its
/// timestamps (what elapsed times are measured with) stand still and move with it too.
/// </summary>
public sealed class FrozenTime(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _now.UtcTicks;

    public void Advance(TimeSpan by) => _now += by;
}
