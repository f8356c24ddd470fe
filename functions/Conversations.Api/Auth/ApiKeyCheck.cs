using System.Diagnostics.CodeAnalysis;

namespace Conversations.Api.Auth;

public enum ApiKeyOutcome
{
    /// <summary>No key, a malformed one, or one nobody issued or that was revoked: answer 401.</summary>
    Unknown,

    /// <summary>A valid key; <see cref="ApiKeyCheck.Tenant"/> is its tenant.</summary>
    Known,

    /// <summary>The registry could not say: answer 503 with <see cref="ApiKeyCheck.RetryAfter"/>, never 401.</summary>
    Unavailable,
}

/// <summary>What a request's key proved: <c>Known(tenant)</c> | <c>Unknown</c> (401) | <c>Unavailable(retryAfter)</c> (503 + Retry-After).</summary>
public readonly record struct ApiKeyCheck
{
    private ApiKeyCheck(ApiKeyOutcome outcome, string? tenant, TimeSpan retryAfter)
    {
        Outcome = outcome;
        Tenant = tenant;
        RetryAfter = retryAfter;
    }

    public static ApiKeyCheck Unknown => default;

    public ApiKeyOutcome Outcome { get; }

    /// <summary>The key's tenant when <see cref="IsKnown"/>; otherwise null.</summary>
    public string? Tenant { get; }

    /// <summary>How long to tell the client to wait when <see cref="IsUnavailable"/>.</summary>
    public TimeSpan RetryAfter { get; }

    [MemberNotNullWhen(true, nameof(Tenant))]
    public bool IsKnown => Outcome == ApiKeyOutcome.Known;

    public bool IsUnavailable => Outcome == ApiKeyOutcome.Unavailable;

    public static ApiKeyCheck Known(string tenant) => new(ApiKeyOutcome.Known, tenant, TimeSpan.Zero);

    public static ApiKeyCheck Unavailable(TimeSpan retryAfter) => new(ApiKeyOutcome.Unavailable, null, retryAfter);
}
