using Conversations.Storage;

namespace Conversations.Paging;

/// <summary>What an opaque cursor carries: the keyset position, and the store's token when it was small.</summary>
public sealed record Cursor(KeysetPosition Position, string? ContinuationToken);
