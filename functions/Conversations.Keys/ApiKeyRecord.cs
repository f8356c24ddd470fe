namespace Conversations.Keys;

/// <summary>
/// A key as the registry keeps it: who it belongs to and when it was made or revoked, and its SHA-256,
/// never the key itself. <see cref="Id"/> names the key in lists and revocations; it is no secret.
/// </summary>
public sealed record ApiKeyRecord(string Id, string Tenant, string Name, string KeySha256, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt = null)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>A key just created: its record, and the key itself, which exists only until it is shown once.</summary>
public sealed record IssuedApiKey(ApiKeyRecord Record, string Key);

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
}
