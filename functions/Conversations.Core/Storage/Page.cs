namespace Conversations.Storage;

/// <summary>
/// A page of a list. <see cref="HasMore"/> is exact: true only when at least one more item follows.
/// <see cref="ContinuationToken"/> is the store's own resume token (null where it has none).
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, bool HasMore, string? ContinuationToken = null)
{
    public static readonly Page<T> Empty = new([], false);
}
