namespace Conversations.Keys;

/// <summary>The checks a stored row must pass to be read as a key (rows can be edited by hand in either store).</summary>
internal static class ApiKeyRows
{
    /// <summary>What is wrong with a row, or null when it is a key.</summary>
    public static string? Problem(string? id, string? tenant, string? keySha256, DateTimeOffset? createdAt) =>
        string.IsNullOrEmpty(id) ? "no id"
        : string.IsNullOrEmpty(tenant) ? "no tenant"
        : keySha256 is null || !ApiKeyFormat.IsHash(keySha256) ? "the key hash is not 64 lowercase hex digits"
        : createdAt is null ? "no creation time"
        : null;

    public static ApiKeyRestrictions Restrictions(bool readOnly, bool requireUser) =>
        (readOnly ? ApiKeyRestrictions.ReadOnly : ApiKeyRestrictions.None) | (requireUser ? ApiKeyRestrictions.RequireUser : ApiKeyRestrictions.None);
}
