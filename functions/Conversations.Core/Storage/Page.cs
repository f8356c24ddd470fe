namespace Conversations.Storage;

/// <summary>A page of a list. <see cref="HasMore"/> is exact: true only when at least one more item follows.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, bool HasMore);
