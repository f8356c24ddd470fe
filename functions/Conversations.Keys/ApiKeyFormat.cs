using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Conversations.Keys;

/// <summary>
/// The shape of an issued key, after GitHub's and Stripe's prefixed tokens:
/// <c>conv_</c> + 32 random base62 characters + a 6-character base62 checksum, 43 characters in all.
/// The fixed prefix lets secret scanners find a leaked key with <c>conv_[0-9A-Za-z]{38}</c>; the 32
/// random characters carry 190 bits; the checksum (the first 4 bytes of the SHA-256 of the random
/// part) lets a scanner, and <see cref="IsWellFormed"/>, reject a mistyped or made-up key without
/// asking the registry.
/// </summary>
public static class ApiKeyFormat
{
    public const string Prefix = "conv_";

    private const int RandomLength = 32;
    private const int ChecksumLength = 6;
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static readonly SearchValues<char> Base62Chars = SearchValues.Create(Base62);
    private static readonly SearchValues<char> LowerHexChars = SearchValues.Create("0123456789abcdef");

    public static int Length => Prefix.Length + RandomLength + ChecksumLength;

    public static string NewKey()
    {
        var random = RandomNumberGenerator.GetString(Base62, RandomLength);
        return Prefix + random + Checksum(random);
    }

    /// <summary>Whether <paramref name="key"/> could be a key the registry issued: prefix, length, alphabet and checksum.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> key)
    {
        if (key.Length != Length || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var body = key[Prefix.Length..];
        return !body.ContainsAnyExcept(Base62Chars) && body[RandomLength..].SequenceEqual(Checksum(body[..RandomLength]));
    }

    /// <summary>The lowercase hex SHA-256 of the key's UTF-8 bytes: all the registry (or configuration) ever keeps.</summary>
    public static string Hash(ReadOnlySpan<char> key)
    {
        var utf8 = new byte[Encoding.UTF8.GetByteCount(key)];
        Encoding.UTF8.GetBytes(key, utf8);
        return Convert.ToHexStringLower(SHA256.HashData(utf8));
    }

    /// <summary>Whether <paramref name="text"/> has the form of <see cref="Hash"/>'s output.</summary>
    public static bool IsHash(string text) =>
        text is { Length: SHA256.HashSizeInBytes * 2 } && !text.AsSpan().ContainsAnyExcept(LowerHexChars);

    private static string Checksum(ReadOnlySpan<char> random)
    {
        Span<byte> bytes = stackalloc byte[RandomLength];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..Encoding.ASCII.GetBytes(random, bytes)], hash);
        var value = BinaryPrimitives.ReadUInt32BigEndian(hash);
        Span<char> digits = stackalloc char[ChecksumLength];
        for (var i = ChecksumLength - 1; i >= 0; i--)
        {
            digits[i] = Base62[(int)(value % 62)];
            value /= 62;
        }

        return new string(digits);
    }
}
