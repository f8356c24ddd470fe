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
/// position never expires (docs/paging.md). Written by hand because the format is ours: ASP.NET Core
/// Data Protection would also encrypt, but its key ring needs storage shared between instances, which
/// a serverless app does not have.
/// </summary>
public sealed class CursorCodec
{
    /// <summary>Longer text cannot be a cursor of ours (a position holds a sort value of at most a name's length).</summary>
    public const int MaxCursorLength = 2048;

    // Version 1 cursors also carried an unused store token, which decoding now ignores.
    private const byte FormatVersion = 1;
    private const int MacLength = 32;

    private readonly byte[] _key;

    public CursorCodec(byte[] signingKey)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        if (signingKey.Length < 32)
        {
            throw new ArgumentException("The cursor signing key must be at least 32 bytes.", nameof(signingKey));
        }

        _key = signingKey.ToArray();
    }

    public string Encode(KeysetPosition position, string binding)
    {
        ArgumentNullException.ThrowIfNull(position);
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(FormatVersion, position.SortValue, position.Id), CursorJsonContext.Default.Payload);
        var bytes = new byte[payload.Length + MacLength];
        payload.CopyTo(bytes, 0);
        Sign(binding, payload, bytes.AsSpan(payload.Length));
        return Base64Url.EncodeToString(bytes);
    }

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
        Span<byte> expected = stackalloc byte[MacLength];
        Sign(binding, payload, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(bytes.Length - MacLength)))
        {
            return null;
        }

        try
        {
            var decoded = JsonSerializer.Deserialize(payload, CursorJsonContext.Default.Payload);
            return decoded is { V: FormatVersion, S: not null, I: not null } ? new KeysetPosition(decoded.S, decoded.I) : null;
        }
        catch (JsonException)
        {
            // Only reachable with our own key, i.e. a cursor from an incompatible build: treat as foreign.
            return null;
        }
    }

    private void Sign(string binding, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(Encoding.UTF8.GetBytes(binding));
        hmac.AppendData([0]);
        hmac.AppendData(payload);
        hmac.GetHashAndReset(destination);
    }

    internal sealed record Payload(byte V, string? S, string? I);
}
