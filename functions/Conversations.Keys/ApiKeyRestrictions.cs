namespace Conversations.Keys;

/// <summary>
/// What a key may not do. Kept as restrictions rather than grants so that a row without any (every key
/// issued before they existed) keeps the full access it was issued with.
/// </summary>
[Flags]
public enum ApiKeyRestrictions
{
    None = 0,

    /// <summary>Reads only: every write answers 403.</summary>
    ReadOnly = 1,

    /// <summary>Every request must name an end user: a tenant-wide or user-less request answers 403.</summary>
    RequireUser = 2,
}
