using System.Security.Cryptography;
using System.Text;
using Conversations.Keys;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Conversations.Api.Auth;

/// <summary>
/// Maps <c>Authorization: Bearer &lt;key&gt;</c> to a key: its id, tenant and restrictions. Keys are known only by their SHA-256.
/// Configured (static) keys are compared in constant time, every one of them on every request, so
/// timing reveals nothing about them. Other keys are looked up in the registry by their hash (through
/// <see cref="ApiKeyCache"/>), which reveals nothing either; a key that cannot be one the registry
/// issued (wrong prefix, length or checksum) is refused without a lookup.
/// </summary>
public sealed class ApiKeyAuthenticator
{
    private const int MaxKeyLength = 512;

    /// <summary>What a 503 asks for when the registry gave no figure itself.</summary>
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    private readonly (byte[] Hash, ApiKeyIdentity Key)[] _staticKeys;
    private readonly ApiKeyCache? _registry;

    public ApiKeyAuthenticator(IEnumerable<ApiKeyEntry> staticKeys, ApiKeyCache? registry = null)
    {
        ArgumentNullException.ThrowIfNull(staticKeys);
        // A configured key is named by its place in configuration: Auth__ApiKeys__N is "config-N".
        _staticKeys = staticKeys.Select((k, i) => (Convert.FromHexString(k.KeySha256), new ApiKeyIdentity($"config-{i}", k.Tenant, k.Restrictions))).ToArray();
        _registry = registry;
    }

    public ValueTask<ApiKeyCheck> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return ValueTask.FromResult(ApiKeyCheck.Unknown);
        }

        var key = header.AsSpan(scheme.Length).Trim();
        if (key.IsEmpty || key.Length > MaxKeyLength)
        {
            return ValueTask.FromResult(ApiKeyCheck.Unknown);
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(key, utf8)], hash);

        ApiKeyIdentity? configured = null;
        foreach (var (candidate, owner) in _staticKeys)
        {
            // No early exit: the time taken does not depend on which key (if any) matched.
            if (CryptographicOperations.FixedTimeEquals(candidate, hash))
            {
                configured = owner;
            }
        }

        if (configured is not null)
        {
            return ValueTask.FromResult(ApiKeyCheck.Known(configured));
        }

        return _registry is not null && ApiKeyFormat.IsWellFormed(key)
            ? LookUpAsync(_registry, Convert.ToHexStringLower(hash), cancellationToken)
            : ValueTask.FromResult(ApiKeyCheck.Unknown);
    }

    /// <summary>The hex SHA-256 of a key, as <c>Auth__ApiKeys__N__KeySha256</c> expects it.</summary>
    public static string HashKey(string key) => ApiKeyFormat.Hash(key);

    private static async ValueTask<ApiKeyCheck> LookUpAsync(ApiKeyCache registry, string keySha256, CancellationToken cancellationToken)
    {
        try
        {
            return await registry.FindActiveAsync(keySha256, cancellationToken) is { } key
                ? ApiKeyCheck.Known(new ApiKeyIdentity(key.Id, key.Tenant, key.Restrictions))
                : ApiKeyCheck.Unknown;
        }
        catch (KeyRegistryUnavailableException e)
        {
            return ApiKeyCheck.Unavailable(e.RetryAfter ?? DefaultRetryAfter);
        }
    }
}
