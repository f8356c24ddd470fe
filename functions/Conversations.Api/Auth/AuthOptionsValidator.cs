using Microsoft.Extensions.Options;

namespace Conversations.Api.Auth;

/// <summary>Checks <c>Auth__…</c> at start, naming each bad setting as an app setting.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public const int MaxKeyCacheSeconds = 3600;
    public const int MaxOutageGraceSeconds = 86_400;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            if (key.Tenant.Length == 0)
            {
                failures.Add($"Auth__ApiKeys__{i}__Tenant must name the tenant the key proves.");
            }

            if (key.KeySha256.Length != 64 || !key.KeySha256.All(char.IsAsciiHexDigit))
            {
                failures.Add($"Auth__ApiKeys__{i}__KeySha256 must be 64 hex digits: the SHA-256 of the key, never the key.");
            }
        }

        if (options.KeyCacheSeconds is < 1 or > MaxKeyCacheSeconds)
        {
            failures.Add($"Auth__KeyCacheSeconds must be between 1 and {MaxKeyCacheSeconds}.");
        }

        if (options.OutageGraceSeconds is < 0 or > MaxOutageGraceSeconds)
        {
            failures.Add($"Auth__OutageGraceSeconds must be between 0 (strict revocation) and {MaxOutageGraceSeconds}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
