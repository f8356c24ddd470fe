using System.Globalization;
using System.Text;

namespace Conversations.Storage.Sqlite;

/// <summary>
/// JSON text as it was stored, made writable again. Before the API refused them, a client could send a
/// string with an escaped unpaired surrogate (<c>"\ud800"</c>); the store kept the escape verbatim, and
/// System.Text.Json parses such text but refuses to read or write that string, so every list holding
/// the row failed. The repair replaces each such escape with <c>\ufffd</c>, the character a UTF-8
/// encoder puts in place of an unpaired surrogate.
/// </summary>
/// <remarks>
/// Written by hand because System.Text.Json has no lenient way to unescape such a string: it throws.
/// It runs on every JSON value read, so the common case is one vectorised search for a backslash.
/// A backslash in JSON only ever starts an escape inside a string, so walking the escapes in order
/// finds every <c>\u</c> escape exactly (the text <c>\\ud800</c> is an escaped backslash, not one).
/// </remarks>
internal static class StoredJson
{
    private const string ReplacementEscape = "\\ufffd";
    private const int UnicodeEscapeLength = 6;

    /// <summary>The text itself (the same instance) when nothing needs repair; otherwise the repaired copy.</summary>
    public static string Repair(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var escape = json.IndexOf('\\', StringComparison.Ordinal);
        if (escape < 0)
        {
            return json;
        }

        StringBuilder? repaired = null;
        var copied = 0;
        while (escape >= 0 && escape + 1 < json.Length)
        {
            var next = escape + 2;
            if (json[escape + 1] == 'u' && EscapedUnit(json, escape) is { } unit)
            {
                next = escape + UnicodeEscapeLength;
                if (char.IsHighSurrogate(unit) && EscapedUnit(json, next) is { } low && char.IsLowSurrogate(low))
                {
                    next += UnicodeEscapeLength;
                }
                else if (char.IsSurrogate(unit))
                {
                    repaired ??= new StringBuilder(json.Length);
                    repaired.Append(json, copied, escape - copied).Append(ReplacementEscape);
                    copied = next;
                }
            }

            escape = json.IndexOf('\\', next);
        }

        return repaired is null ? json : repaired.Append(json, copied, json.Length - copied).ToString();
    }

    /// <summary>The UTF-16 unit of the <c>\uXXXX</c> escape at <paramref name="at"/>, or null when there is none.</summary>
    private static char? EscapedUnit(string json, int at) =>
        at + UnicodeEscapeLength <= json.Length
        && json[at] == '\\'
        && json[at + 1] == 'u'
        && ushort.TryParse(json.AsSpan(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit)
            ? (char)unit
            : null;
}
