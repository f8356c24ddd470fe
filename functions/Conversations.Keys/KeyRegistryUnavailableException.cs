namespace Conversations.Keys;

/// <summary>
/// The key registry cannot answer now (down, throttled, unreachable, misconfigured). A request whose
/// key is not cached gets a 503 with <c>Retry-After</c>, never a 401: the key may well be valid.
/// </summary>
public sealed class KeyRegistryUnavailableException : Exception
{
    public KeyRegistryUnavailableException(string message, Exception? innerException, TimeSpan? retryAfter = null)
        : base(message, innerException) => RetryAfter = retryAfter;

    public KeyRegistryUnavailableException() : this("The key registry is unavailable.", null, null)
    {
    }

    public KeyRegistryUnavailableException(string message) : this(message, null, null)
    {
    }

    public KeyRegistryUnavailableException(string message, Exception innerException) : this(message, innerException, null)
    {
    }

    /// <summary>How long the registry asked callers to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
