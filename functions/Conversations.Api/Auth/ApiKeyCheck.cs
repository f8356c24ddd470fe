using System.Diagnostics.CodeAnalysis;
using Conversations.Keys;

namespace Conversations.Api.Auth;

public enum ApiKeyOutcome
{
    /// <summary>No key, a malformed one, or one nobody issued, revoked or expired: answer 401.</summary>
    Unknown,

    /// <summary>A valid key; <see cref="ApiKeyCheck.Key"/> says whose and what it may do.</summary>
    Known,

    /// <summary>The registry could not say: answer 503 with <see cref="ApiKeyCheck.RetryAfter"/>, never 401.</summary>
    Unavailable,
}

/// <summary>A key a request proved: its id (no secret; what logs and traces name), its tenant and its restrictions.</summary>
public sealed record ApiKeyIdentity(string KeyId, string Tenant, ApiKeyRestrictions Restrictions);

/// <summary>What a request's key proved: <c>Known(key)</c> | <c>Unknown</c> (401) | <c>Unavailable(retryAfter)</c> (503 + Retry-After).</summary>
public readonly record struct ApiKeyCheck
{
    private ApiKeyCheck(ApiKeyOutcome outcome, ApiKeyIdentity? key, TimeSpan retryAfter)
    {
        Outcome = outcome;
        Key = key;
        RetryAfter = retryAfter;
    }

    public static ApiKeyCheck Unknown => default;

    public ApiKeyOutcome Outcome { get; }

    /// <summary>The key when <see cref="IsKnown"/>; otherwise null.</summary>
    public ApiKeyIdentity? Key { get; }

    /// <summary>How long to tell the client to wait when <see cref="IsUnavailable"/>.</summary>
    public TimeSpan RetryAfter { get; }

    [MemberNotNullWhen(true, nameof(Key))]
    public bool IsKnown => Outcome == ApiKeyOutcome.Known;

    public bool IsUnavailable => Outcome == ApiKeyOutcome.Unavailable;

    public static ApiKeyCheck Known(ApiKeyIdentity key) => new(ApiKeyOutcome.Known, key, TimeSpan.Zero);

    public static ApiKeyCheck Unavailable(TimeSpan retryAfter) => new(ApiKeyOutcome.Unavailable, null, retryAfter);
}
