namespace Conversations.Storage;

/// <summary>
/// A page of a list. <see cref="HasMore"/> is exact, true only when at least one more item follows,
/// unless the store stopped a filtered scan at its cap on work per page: then <see cref="ScanStoppedAt"/>
/// is the position of the last row it examined, every match before it is in the page, and
/// <see cref="HasMore"/> is true because rows after it were not looked at. A next page resumes after it.
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, bool HasMore, KeysetPosition? ScanStoppedAt = null);
