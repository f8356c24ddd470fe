namespace Conversations.Keys;

/// <summary>
/// Where keys are kept (Azure Table storage or SQLite). Every method throws
/// <see cref="KeyRegistryUnavailableException"/> when the store cannot answer; rows the store cannot
/// read as a key are skipped and logged, never returned.
/// </summary>
public interface IApiKeyStore
{
    /// <summary>The key whose SHA-256 is <paramref name="keySha256"/>, revoked or not; null if none. One point read.</summary>
    Task<ApiKeyRecord?> FindAsync(string keySha256, CancellationToken cancellationToken);

    Task AddAsync(ApiKeyRecord key, CancellationToken cancellationToken);

    /// <summary>Every key, or every key of <paramref name="tenant"/>, revoked ones included.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string? tenant, CancellationToken cancellationToken);

    /// <summary>Marks the key revoked at <paramref name="at"/> (a second revocation keeps the first time); null if no key has this id.</summary>
    Task<ApiKeyRecord?> RevokeAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Notes that the key <paramref name="id"/> was used at <paramref name="at"/>, apart from the keys
    /// themselves (so an identity that may only read keys can record it); lists show the latest time.
    /// </summary>
    Task RecordUseAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>One cheap round trip (a point read of a row that never exists) that proves the store answers.</summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}
