using System.Text;
using System.Text.Json;

namespace Conversations.Model;

/// <summary>
/// Text that can be written as UTF-8: no unpaired UTF-16 surrogate. JSON lets a client send one as an
/// escape (<c>"\ud800"</c>); .NET then holds a string that no UTF-8 writer will emit, so a value like
/// that must be refused on the way in, and repaired if it was ever stored.
/// </summary>
public static class WellFormedText
{
    private const char Replacement = '\uFFFD';

    public static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        // The vectorised search finds no surrogate in almost every string; only then is pairing checked.
        var index = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        return index < 0 || IsWellFormedFrom(text, index);
    }

    /// <summary>True when every string and property name in <paramref name="value"/> is well formed.</summary>
    /// <remarks>
    /// System.Text.Json validates UTF-8 while parsing but keeps escapes as they were sent; it checks an
    /// escaped surrogate only when the text is read as a string, and throws there. So a value is well
    /// formed exactly when each of its strings and names can be read.
    /// </remarks>
    public static bool IsWellFormed(JsonElement value)
    {
        try
        {
            return AllStringsReadable(value);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The text with each unpaired surrogate replaced by U+FFFD, as a UTF-8 encoder would.</summary>
    public static string Repair(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsWellFormed(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? Replacement : c);
            }
        }

        return builder.ToString();
    }

    private static bool AllStringsReadable(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                _ = value.GetString();
                return true;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    _ = property.Name;
                    AllStringsReadable(property.Value);
                }

                return true;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    AllStringsReadable(item);
                }

                return true;
            default:
                return true;
        }
    }

    private static bool IsWellFormedFrom(ReadOnlySpan<char> text, int index)
    {
        for (var i = index; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i]))
            {
                continue;
            }

            if (!char.IsHighSurrogate(text[i]) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
            {
                return false;
            }

            i++;
        }

        return true;
    }
}
