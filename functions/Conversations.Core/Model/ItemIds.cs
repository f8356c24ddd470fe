using System.Security.Cryptography;

namespace Conversations.Model;

/// <summary>
/// Ids of new conversations and variables: UUIDv7 (RFC 9562), one format every dialect accepts.
/// Ids made by one process sort in the order they were made, even within a millisecond, so items that
/// share a creation time still list in creation order (the lists break ties on id).
/// </summary>
public static class ItemIds
{
    private static readonly Lock Gate = new();
    private static long _lastMillis = -1;
    private static int _counter;

    /// <summary>A new id stamped with the item's creation time.</summary>
    /// <remarks>
    /// Written by hand because <see cref="Guid.CreateVersion7(DateTimeOffset)"/> fills the sub-millisecond
    /// bits at random. Here the 12 bits after the timestamp are a counter (RFC 9562, section 6.2,
    /// method 1), started at a random value below 2048 each millisecond so a millisecond has room for at
    /// least 2048 ids; the remaining 62 bits are random. Should a millisecond run out, the id borrows the
    /// next millisecond: ids stay unique and ordered, and only their embedded time moves.
    /// </remarks>
    public static string New(DateTimeOffset createdAt)
    {
        var millis = createdAt.ToUnixTimeMilliseconds();
        int counter;
        lock (Gate)
        {
            if (millis <= _lastMillis)
            {
                millis = _lastMillis;
                if (++_counter > 0xFFF)
                {
                    millis++;
                    _counter = RandomNumberGenerator.GetInt32(0x800);
                }
            }
            else
            {
                _counter = RandomNumberGenerator.GetInt32(0x800);
            }

            _lastMillis = millis;
            counter = _counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(millis >> (40 - (8 * i)));
        }

        bytes[6] = (byte)(0x70 | (counter >> 8));
        bytes[7] = (byte)counter;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    /// <summary>True for a UUID in its canonical 36-character form; anything else can never be one of our ids.</summary>
    public static bool IsWellFormed(string? text) => text is { Length: 36 } && Guid.TryParseExact(text, "D", out _);
}
