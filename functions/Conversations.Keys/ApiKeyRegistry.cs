namespace Conversations.Keys;

/// <summary>Issues, lists and revokes keys: what the <c>keys</c> command and the development key use.</summary>
public sealed class ApiKeyRegistry(IApiKeyStore store, TimeProvider time)
{
    public const int MaxTenantLength = 128;
    public const int MaxNameLength = 200;

    /// <summary>Makes a new key with full access and no expiry for <paramref name="tenant"/>; the returned key is never seen again.</summary>
    /// <exception cref="ArgumentException">The tenant or name breaks <see cref="Problem"/>'s rules.</exception>
    public Task<IssuedApiKey> CreateAsync(string tenant, string? name, CancellationToken cancellationToken) =>
        CreateAsync(tenant, name, ApiKeyRestrictions.None, null, cancellationToken);

    /// <summary>Makes a new key for <paramref name="tenant"/> and stores its hash; the returned key is never seen again.</summary>
    /// <param name="expiresIn">How long the key works; null for no expiry.</param>
    /// <exception cref="ArgumentException">The tenant or name breaks <see cref="Problem"/>'s rules, or the lifetime is not positive.</exception>
    public async Task<IssuedApiKey> CreateAsync(
        string tenant, string? name, ApiKeyRestrictions restrictions, TimeSpan? expiresIn, CancellationToken cancellationToken)
    {
        name ??= "";
        if (Problem(tenant, name) is { } problem)
        {
            throw new ArgumentException(problem);
        }

        if (expiresIn <= TimeSpan.Zero)
        {
            throw new ArgumentException("A key's lifetime must be positive.");
        }

        var now = Now();
        var key = ApiKeyFormat.NewKey();
        var record = new ApiKeyRecord(Guid.CreateVersion7(now).ToString(), tenant, name, ApiKeyFormat.Hash(key), now)
        {
            Restrictions = restrictions,
            ExpiresAt = expiresIn is { } lifetime ? Milliseconds(now + lifetime) : null,
        };
        await store.AddAsync(record, cancellationToken);
        return new IssuedApiKey(record, key);
    }

    /// <summary>Keys oldest first (ids are time-ordered), revoked ones included.</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string? tenant, CancellationToken cancellationToken) =>
        [.. (await store.ListAsync(tenant, cancellationToken)).OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal)];

    /// <summary>Revokes the key with this id; null if there is none. Caches drop it within their time to live.</summary>
    public Task<ApiKeyRecord?> RevokeAsync(string id, CancellationToken cancellationToken) =>
        store.RevokeAsync(id, Now(), cancellationToken);

    // Millisecond precision, as every store keeps times.
    private DateTimeOffset Now() => Milliseconds(time.GetUtcNow());

    private static DateTimeOffset Milliseconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    /// <summary>Why a tenant or key name cannot be used, or null when it can.</summary>
    public static string? Problem(string tenant, string name)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(name);
        if (tenant.Length is 0 or > MaxTenantLength || tenant.Trim().Length != tenant.Length || tenant.Any(char.IsControl))
        {
            return $"The tenant must be 1 to {MaxTenantLength} characters, without control characters or surrounding spaces.";
        }

        return name.Length > MaxNameLength || name.Any(char.IsControl)
            ? $"The name must be at most {MaxNameLength} characters, without control characters."
            : null;
    }
}
