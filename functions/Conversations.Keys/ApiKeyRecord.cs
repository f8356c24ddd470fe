namespace Conversations.Keys;

/// <summary>
/// A key as the registry keeps it: who it belongs to, what it may do, when it was made, expires or was
/// revoked, and its SHA-256, never the key itself. <see cref="Id"/> names the key in lists, logs and
/// traces; it is no secret.
/// </summary>
public sealed record ApiKeyRecord(string Id, string Tenant, string Name, string KeySha256, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt = null)
{
    /// <summary>What the key may not do; <see cref="ApiKeyRestrictions.None"/> (every row written before restrictions existed) is full access.</summary>
    public ApiKeyRestrictions Restrictions { get; init; }

    /// <summary>When the key stops working; null for never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When an instance last recorded a request with the key (lists only; at most hourly per instance).</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    public bool IsRevoked => RevokedAt is not null;

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt <= now;
}
