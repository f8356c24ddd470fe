namespace Conversations.Storage;

/// <summary>
/// The store cannot answer now (throttled, down, timed out, or writers collided longer than the store
/// retries). Every dialect turns it into a 503 with <c>Retry-After</c>; the message never reaches the client.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException(string message, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException) => RetryAfter = retryAfter;

    public StoreUnavailableException() : this("The store is unavailable.")
    {
    }

    public StoreUnavailableException(string message) : this(message, null, null)
    {
    }

    public StoreUnavailableException(string message, Exception innerException) : this(message, null, innerException)
    {
    }

    /// <summary>How long the store asked callers to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}

/// <summary>
/// What a write would store exceeds what the store holds in one place: an item over the database's
/// size limit, or a conversation whose partition is full. The write changed nothing; every dialect
/// answers it as a body too large (413), never as a failure of the service.
/// </summary>
public sealed class StoreLimitExceededException : Exception
{
    public StoreLimitExceededException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }

    public StoreLimitExceededException() : this("The item is larger than the store holds.")
    {
    }

    public StoreLimitExceededException(string message) : this(message, null)
    {
    }
}
