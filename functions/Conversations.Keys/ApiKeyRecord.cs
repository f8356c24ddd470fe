namespace Conversations.Keys;

/// <summary>
/// A key as the registry keeps it: who it belongs to and when it was made or revoked, and its SHA-256,
/// never the key itself. <see cref="Id"/> names the key in lists and revocations; it is no secret.
/// </summary>
public sealed record ApiKeyRecord(string Id, string Tenant, string Name, string KeySha256, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt = null)
{
    public bool IsRevoked => RevokedAt is not null;
}
