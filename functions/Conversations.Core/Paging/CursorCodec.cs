using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Conversations.Storage;

namespace Conversations.Paging;

/// <summary>
/// Turns a keyset position into an opaque, signed cursor and back. The signature (HMAC-SHA256 with the
/// server's key) covers the position and a binding that names the tenant, user scope, filters and sort
/// the cursor was made for, so a cursor that was edited, forged, or made for another query or another
/// tenant fails to decode instead of returning anyone's data. A cursor carries the position only, never
/// a Cosmos DB continuation token: the keyset query it resumes is one request at any depth, and a
/// position never expires (docs/paging.md). A cursor names the key that signed it by a short id, so
/// the key can be rotated: the previous keys still verify the cursors they signed, and only the
/// current key signs. Written by hand because the format is ours: ASP.NET Core
/// Data Protection would also encrypt, but its key ring needs storage shared between instances, which
/// a serverless app does not have.
/// </summary>
public sealed class CursorCodec
{
    /// <summary>Longer text cannot be a cursor of ours (a position holds a sort value of at most a name's length).</summary>
    public const int MaxCursorLength = 2048;

    // Version 2 names the signing key; version 1 (no key id, and an unused store token that decoding
    // ignores) is still read, checked against every known key.
    private const byte FormatVersion = 2;
    private const byte UnnamedKeyVersion = 1;
    private const int MacLength = 32;

    private readonly ICursorSigningKeySource _keySource;

    public CursorCodec(byte[] signingKey, params IReadOnlyList<byte[]> previousKeys)
        : this(new FixedKeys(signingKey, previousKeys))
    {
    }

    /// <summary>A codec whose key may arrive later: until it does, encoding and decoding throw <see cref="StoreUnavailableException"/>.</summary>
    public CursorCodec(ICursorSigningKeySource keySource)
    {
        ArgumentNullException.ThrowIfNull(keySource);
        _keySource = keySource;
    }

    public string Encode(KeysetPosition position, string binding)
    {
        ArgumentNullException.ThrowIfNull(position);
        var key = CurrentKey();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(FormatVersion, position.SortValue, position.Id) { K = KeyId(key) }, CursorJsonContext.Default.Payload);
        var bytes = new byte[payload.Length + MacLength];
        payload.CopyTo(bytes, 0);
        Sign(key, binding, payload, bytes.AsSpan(payload.Length));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The id a cursor names its signing key by: the first 4 bytes of the key's SHA-256, in hex (it tells nothing of the key).</summary>
    public static string KeyId(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 4));

    /// <summary>The position, or null when the text is not a cursor this server made for this binding.</summary>
    public KeysetPosition? Decode(string text, string binding)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxCursorLength || !Base64Url.IsValid(text))
        {
            return null;
        }

        var bytes = Base64Url.DecodeFromChars(text);
        if (bytes.Length <= MacLength)
        {
            return null;
        }

        var payload = bytes.AsSpan(0, bytes.Length - MacLength);
        var current = CurrentKey();
        Payload? decoded;
        try
        {
            // Read before the signature is checked, to learn which key to check it with; nothing of it
            // is used unless the signature holds.
            decoded = JsonSerializer.Deserialize(payload, CursorJsonContext.Default.Payload);
        }
        catch (JsonException)
        {
            return null;
        }

        if (decoded is not { S: not null, I: not null } || decoded.V is not (FormatVersion or UnnamedKeyVersion) || (decoded.V == FormatVersion) != (decoded.K is not null))
        {
            return null;
        }

        Span<byte> expected = stackalloc byte[MacLength];
        foreach (var key in _keySource.PreviousKeys.Prepend(current))
        {
            if (decoded.K is { } id && id != KeyId(key))
            {
                continue;
            }

            Sign(key, binding, payload, expected);
            if (CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(bytes.Length - MacLength)))
            {
                return new KeysetPosition(decoded.S, decoded.I);
            }
        }

        return null;
    }

    private byte[] CurrentKey() =>
        // The key lives in a store (a vault) that has not answered yet: every dialect already turns
        // this exception into a 503 with Retry-After, so requests without a cursor carry on.
        _keySource.Key ?? throw new StoreUnavailableException("The cursor signing key has not been loaded yet.", _keySource.RetryAfter);

    private static void Sign(byte[] key, string binding, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes(binding));
        hmac.AppendData([0]);
        hmac.AppendData(payload);
        hmac.GetHashAndReset(destination);
    }

    internal sealed record Payload(byte V, string? S, string? I)
    {
        /// <summary>The signing key's id (<see cref="KeyId"/>); absent in version 1.</summary>
        public string? K { get; init; }
    }

    /// <summary>Keys known at start (configuration): the signing key and the keys it replaced.</summary>
    public sealed class FixedKeys : ICursorSigningKeySource
    {
        public FixedKeys(byte[] key, IReadOnlyList<byte[]> previousKeys)
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(previousKeys);
            if (key.Length < 32 || previousKeys.Any(k => k.Length < 32))
            {
                throw new ArgumentException("A cursor signing key must be at least 32 bytes.", nameof(key));
            }

            Key = key.ToArray();
            PreviousKeys = [.. previousKeys.Select(k => k.ToArray())];
        }

        public byte[]? Key { get; }

        public IReadOnlyList<byte[]> PreviousKeys { get; }

        public TimeSpan RetryAfter => TimeSpan.Zero;
    }
}
