using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Conversations.Api.Auth;

/// <summary>
/// Maps <c>Authorization: Bearer &lt;key&gt;</c> to a tenant. Keys are known only by their SHA-256, and
/// every configured hash is compared in constant time, so neither storage nor timing reveals a key.
/// One SHA-256 of a short key per request costs well under a microsecond, so nothing is cached.
/// </summary>
public sealed class ApiKeyAuthenticator
{
    private const int MaxKeyLength = 512;
    private readonly (byte[] Hash, string Tenant)[] _keys;

    public ApiKeyAuthenticator(IEnumerable<ApiKeyEntry> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys.Select(k => (Convert.FromHexString(k.KeySha256), k.Tenant)).ToArray();
    }

    /// <summary>The caller's tenant, or null when the header is missing, malformed or names no known key.</summary>
    public string? Authenticate(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var key = header.AsSpan(scheme.Length).Trim();
        if (key.IsEmpty || key.Length > MaxKeyLength)
        {
            return null;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(key, utf8)], hash);

        string? tenant = null;
        foreach (var (candidate, owner) in _keys)
        {
            // No early exit: the time taken does not depend on which key (if any) matched.
            if (CryptographicOperations.FixedTimeEquals(candidate, hash))
            {
                tenant = owner;
            }
        }

        return tenant;
    }

    /// <summary>The hex SHA-256 of a key, as <c>Auth__ApiKeys__N__KeySha256</c> expects it.</summary>
    public static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
