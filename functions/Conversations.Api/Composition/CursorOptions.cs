using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Conversations.Api.Composition;

/// <summary>
/// The key that signs opaque cursors: <c>Cursors__SigningKey</c> (base64, at least 32 bytes), or
/// <c>Cursors__SigningKeyUri</c>, a Key Vault secret holding it that the app reads itself.
/// </summary>
public sealed partial class CursorOptions
{
    public const string Section = "Cursors";

    public string SigningKey { get; set; } = "";

    /// <summary>
    /// Keys that signed cursors before a rotation, comma-separated base64 (<c>Cursors__PreviousSigningKeys</c>):
    /// their cursors are still accepted, none is made with them (docs/paging.md has the rotation steps).
    /// </summary>
    public string PreviousSigningKeys { get; set; } = "";

    /// <summary>A Key Vault secret holding the key, e.g. <c>https://myvault.vault.azure.net/secrets/cursor-signing-key</c>.</summary>
    public string SigningKeyUri { get; set; } = "";

    /// <summary>Used in Development when no key is configured. Public by design: never valid outside Development.</summary>
    public static string DevelopmentKey { get; } =
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("conversations-api development cursor key")));

    /// <summary>
    /// The secret to read the key from: <see cref="SigningKeyUri"/>, or the secret of a Key Vault
    /// reference (<c>@Microsoft.KeyVault(…)</c>) that the platform left in <see cref="SigningKey"/>
    /// unresolved, as it does while the app's access to the vault is still propagating.
    /// </summary>
    public Uri? SecretUri()
    {
        if (SigningKeyUri.Length > 0)
        {
            return VaultSecret(SigningKeyUri);
        }

        var reference = KeyVaultReference().Match(SigningKey);
        if (!reference.Success)
        {
            return null;
        }

        // The two forms the platform documents: SecretUri=…, or VaultName=…;SecretName=…[;SecretVersion=…].
        var parts = reference.Groups[1].Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        return parts.TryGetValue("SecretUri", out var uri) ? VaultSecret(uri)
            : parts.TryGetValue("VaultName", out var vault) && parts.TryGetValue("SecretName", out var name)
                ? VaultSecret($"https://{vault}.vault.azure.net/secrets/{name}/{parts.GetValueOrDefault("SecretVersion")}")
                : null;
    }

    /// <summary>Whether <see cref="SigningKey"/> is a key rather than a Key Vault reference.</summary>
    internal bool HasLiteralKey => SigningKey.Length > 0 && !KeyVaultReference().IsMatch(SigningKey);

    internal byte[]? DecodedKey() => Decode(SigningKey);

    /// <summary>The previous keys, each decoded; null in place of one that is not base64 of at least 32 bytes.</summary>
    internal IReadOnlyList<byte[]?> DecodedPreviousKeys() =>
        [.. PreviousSigningKeys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Decode)];

    /// <summary>Why <paramref name="key"/> cannot sign cursors, or null when it can.</summary>
    internal static string? KeyProblem(string key, bool development) =>
        Decode(key) is null ? "Cursors__SigningKey must be base64 of at least 32 random bytes."
        : !development && key == DevelopmentKey ? "Cursors__SigningKey is the published development key; outside Development set a key of your own (openssl rand -base64 32)."
        : null;

    internal static byte[]? Decode(string key)
    {
        var bytes = new byte[key.Length];
        return Convert.TryFromBase64String(key, bytes, out var written) && written >= 32 ? bytes[..written] : null;
    }

    private static Uri? VaultSecret(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.AbsolutePath.StartsWith("/secrets/", StringComparison.OrdinalIgnoreCase)
            ? uri
            : null;

    [GeneratedRegex(@"^\s*@Microsoft\.KeyVault\((.*)\)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex KeyVaultReference();
}
