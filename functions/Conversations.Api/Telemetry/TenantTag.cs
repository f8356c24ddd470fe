using System.Security.Cryptography;
using System.Text;
using Conversations.Paging;

namespace Conversations.Api.Telemetry;

/// <summary>
/// How traces name a tenant: a short HMAC of its id, keyed with a deployment secret (a key derived from
/// the cursor signing key), so a tag groups one tenant's requests but neither names the tenant nor can
/// be matched against guessed names, as a plain hash could. The tag changes when the signing key is
/// rotated; while a vault-held key has not arrived, traces carry no tenant tag.
/// </summary>
public sealed class TenantTag(ICursorSigningKeySource keys)
{
    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("conversations-api tenant tag");

    private volatile Derived? _derived;

    public string? For(string tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (keys.Key is not { } key)
        {
            return null;
        }

        var derived = _derived;
        if (derived is null || !ReferenceEquals(derived.Source, key))
        {
            // A key of its own, so tags reveal nothing that could help forge a cursor, and the reverse.
            _derived = derived = new Derived(key, HMACSHA256.HashData(key, Purpose));
        }

        return Convert.ToHexStringLower(HMACSHA256.HashData(derived.TagKey, Encoding.UTF8.GetBytes(tenant)).AsSpan(0, 8));
    }

    private sealed record Derived(byte[] Source, byte[] TagKey);
}
