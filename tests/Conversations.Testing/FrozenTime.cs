namespace Conversations.Testing;

/// <summary>A clock that stands still unless moved, so tests can make many items share one timestamp.</summary>
public sealed class FrozenTime(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
