using System.Security.Cryptography;
using System.Text;

namespace Conversations.Api.Composition;

/// <summary>The key that signs opaque cursors (<c>Cursors__SigningKey</c>, base64, at least 32 bytes).</summary>
public sealed class CursorOptions
{
    public const string Section = "Cursors";

    public string SigningKey { get; set; } = "";

    /// <summary>Used in Development when no key is configured. Public by design: never valid outside Development.</summary>
    internal static string DevelopmentKey { get; } =
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("conversations-api development cursor key")));

    internal byte[]? DecodedKey()
    {
        var bytes = new byte[SigningKey.Length];
        return Convert.TryFromBase64String(SigningKey, bytes, out var written) && written >= 32 ? bytes[..written] : null;
    }
}
