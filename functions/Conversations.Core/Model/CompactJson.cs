using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Conversations.Model;

/// <summary>
/// JSON text in the form the API writes it: compact, strings escaped by <see cref="Encoder"/>. A store
/// that keeps a conversation's JSON values (inputs, metadata, settings) in this form lets a list page
/// copy them to the wire as they are instead of unescaping and escaping every string again.
/// </summary>
public static class CompactJson
{
    /// <summary>
    /// The encoder the API's responses are written with: ASP.NET Core's JSON default, which escapes only
    /// what JSON requires and what is unsafe in any context (quotes, backslashes, control characters,
    /// characters outside the Basic Multilingual Plane, among others) and leaves other text as it is.
    /// </summary>
    public static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The value's text in compact form (its own text when that is already compact).</summary>
    public static string Of(JsonElement value)
    {
        var text = JsonMarshal.GetRawUtf8Value(value);
        if (IsAsWritten(text, Encoder))
        {
            return Encoding.UTF8.GetString(text);
        }

        var buffer = new ArrayBufferWriter<byte>(text.Length);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Encoder }))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Whether <paramref name="utf8"/>, well-formed JSON, is byte for byte what a <see cref="Utf8JsonWriter"/>
    /// escaping with <paramref name="encoder"/> writes for the value it holds. False means "write it
    /// through the writer", never a wrong answer: the check takes text without a backslash only, so that
    /// every quote delimits a string; such text is as written exactly when nothing between its strings is
    /// white space and nothing inside one is a character the encoder escapes. Numbers and the literals
    /// the writer copies as they are, and members keep their order.
    /// </summary>
    /// <remarks>Written by hand because System.Text.Json offers no such check; it is one vectorised search per string.</remarks>
    public static bool IsAsWritten(ReadOnlySpan<byte> utf8, JavaScriptEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        if (utf8.Contains((byte)'\\'))
        {
            return false;
        }

        var inString = false;
        while (true)
        {
            var quote = utf8.IndexOf((byte)'"');
            var part = quote < 0 ? utf8 : utf8[..quote];
            if (inString ? encoder.FindFirstCharacterToEncodeUtf8(part) >= 0 : part.ContainsAny(" \t\r\n"u8))
            {
                return false;
            }

            if (quote < 0)
            {
                return true;
            }

            inString = !inString;
            utf8 = utf8[(quote + 1)..];
        }
    }
}
