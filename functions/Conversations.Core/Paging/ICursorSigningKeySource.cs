namespace Conversations.Paging;

/// <summary>
/// Where <see cref="CursorCodec"/> finds its signing key. A key read from a vault can arrive after the
/// app has started; until then no cursor can be made or read, and only the requests that need one wait.
/// </summary>
public interface ICursorSigningKeySource
{
    /// <summary>The key that signs (at least 32 bytes), or null while it has not been loaded yet.</summary>
    byte[]? Key { get; }

    /// <summary>Keys that signed before a rotation: cursors they signed are still accepted, none is made with them.</summary>
    IReadOnlyList<byte[]> PreviousKeys => [];

    /// <summary>How long a caller should wait before trying again while <see cref="Key"/> is null.</summary>
    TimeSpan RetryAfter { get; }
}
