using System.Security.Cryptography;

namespace Conversations.Model;

/// <summary>
/// Ids of new conversations, variables and conversation items: UUIDv7 (RFC 9562), one format every dialect accepts.
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

    /// <summary>
    /// A new conversation item id in OpenAI's style: the type's prefix, '_', and the 32 hex digits of a
    /// new id. The digits sort in the order ids were made, so (created time, digits) orders a
    /// conversation's items exactly as they were added, whatever their prefixes.
    /// </summary>
    public static string NewItem(string prefix, DateTimeOffset createdAt) => prefix + "_" + Guid.ParseExact(New(createdAt), "D").ToString("N");

    /// <summary>The time-ordered digits of an item id (what follows its last '_').</summary>
    public static string SequenceOf(string itemId)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        return itemId[(itemId.LastIndexOf('_') + 1)..];
    }

    /// <summary>True for an id <see cref="NewItem"/> could have made: 2 to 3 lowercase letters, '_', 32 lowercase hex digits.</summary>
    public static bool IsWellFormedItem(string? text)
    {
        if (text is not { Length: >= 35 and <= 36 } || text[^33] != '_')
        {
            return false;
        }

        return text[..^33].All(char.IsAsciiLetterLower) && text[^32..].All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
    }

    /// <summary>The UUID an item id's digits spell (how Dify shows a message id), e.g. for <c>msg_0193…</c> <c>0193…-…</c>.</summary>
    public static string AsUuid(string itemId) => Guid.ParseExact(SequenceOf(itemId), "N").ToString("D");

    /// <summary>The item id with <paramref name="prefix"/> whose digits a UUID spells, or null when the text is not a UUID.</summary>
    public static string? FromUuid(string prefix, string? uuid) =>
        IsWellFormed(uuid) ? prefix + "_" + Guid.ParseExact(uuid!, "D").ToString("N") : null;
}
