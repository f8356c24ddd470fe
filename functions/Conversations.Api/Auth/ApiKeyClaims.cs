using System.Security.Claims;
using Conversations.Keys;

namespace Conversations.Api.Auth;

/// <summary>
/// The <c>ApiKey</c> authentication scheme's principal: the tenant and the key's id (what logs, traces
/// and rate limits go by; never the key or its hash) and one <see cref="Permission"/> claim per thing
/// the key may do. Permissions are granted positively, so a policy asks for a claim and a key without
/// it is refused.
/// </summary>
public static class ApiKeyClaims
{
    public const string Scheme = "ApiKey";

    public const string Tenant = "conversations/tenant";

    public const string KeyId = "conversations/key_id";

    public const string Permission = "conversations/permission";

    /// <summary>Create, change and delete (absent on a read-only key).</summary>
    public const string WritePermission = "write";

    /// <summary>Requests without an end user: tenant-wide reads, user-less writes (absent on a require-user key).</summary>
    public const string AllUsersPermission = "all_users";

    public static ClaimsPrincipal Principal(ApiKeyIdentity key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var claims = new List<Claim> { new(Tenant, key.Tenant), new(KeyId, key.KeyId) };
        if (!key.Restrictions.HasFlag(ApiKeyRestrictions.ReadOnly))
        {
            claims.Add(new Claim(Permission, WritePermission));
        }

        if (!key.Restrictions.HasFlag(ApiKeyRestrictions.RequireUser))
        {
            claims.Add(new Claim(Permission, AllUsersPermission));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, KeyId, null));
    }
}

/// <summary>The authorization policies of the key permissions.</summary>
public static class ApiKeyPolicies
{
    /// <summary>May write: every route but a read.</summary>
    public const string Write = "ApiKey.Write";

    /// <summary>May act without naming an end user.</summary>
    public const string AllUsers = "ApiKey.AllUsers";
}
