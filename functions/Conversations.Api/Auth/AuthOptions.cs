namespace Conversations.Api.Auth;

/// <summary>
/// How callers are authenticated (<c>Auth__…</c>): keys configured by hash (<c>Auth__ApiKeys__0__Tenant</c>,
/// <c>Auth__ApiKeys__0__KeySha256</c>, …; optional) and how long registry lookups are cached. Where the
/// registry keeps its keys is <c>Auth__KeyStore__…</c> (<see cref="Conversations.Keys.KeyStoreOptions"/>).
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public IList<ApiKeyEntry> ApiKeys { get; } = [];

    /// <summary>How long a registry answer is trusted: a revoked key stops working within this time on every instance.</summary>
    public int KeyCacheSeconds { get; set; } = 60;

    /// <summary>
    /// While the registry does not answer, how long past its cache time a key it confirmed keeps
    /// working (and a revocation made meanwhile goes unseen). 0 is strict: once its cache time ends, a
    /// key the registry cannot confirm gets 503 like any other.
    /// </summary>
    public int OutageGraceSeconds { get; set; } = 300;
}

/// <summary>One key: the tenant it proves, and the hex SHA-256 of the key (the key itself is never stored).</summary>
public sealed class ApiKeyEntry
{
    public string Tenant { get; set; } = "";

    public string KeySha256 { get; set; } = "";

    /// <summary>Reads only (<c>Auth__ApiKeys__N__ReadOnly</c>), as <c>keys create --read-only</c>.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>Every request must name an end user (<c>Auth__ApiKeys__N__RequireUser</c>), as <c>keys create --require-user</c>.</summary>
    public bool RequireUser { get; set; }

    internal Conversations.Keys.ApiKeyRestrictions Restrictions =>
        (ReadOnly ? Conversations.Keys.ApiKeyRestrictions.ReadOnly : 0) | (RequireUser ? Conversations.Keys.ApiKeyRestrictions.RequireUser : 0);
}
