using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Conversations.Api.Http;

/// <summary>
/// Writes a JSON value (an OpenAI item, which <c>OpenAIItem.From</c> builds with <see cref="ApiEncoder"/>)
/// as the text it was parsed from when that text is already what the writer would write
/// (<see cref="IsAsWritten"/>), and through the writer otherwise, so the bytes on the wire are the same
/// either way. Through the writer, every string of the value is unescaped and escaped again.
/// </summary>
public sealed class VerbatimJsonConverter : JsonConverter<JsonElement>
{
    /// <summary>
    /// The encoder ASP.NET Core's JSON options write the API's answers with: it escapes what JSON
    /// requires and what is unsafe in any context (quotes, backslashes, control characters, characters
    /// outside the Basic Multilingual Plane, among others) and leaves other text as it is.
    /// </summary>
    public static JavaScriptEncoder ApiEncoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonElement.ParseValue(ref reader);

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        // A writer without an encoder escapes by its own rules; only an encoder's can be checked here.
        if (value.ValueKind != JsonValueKind.Undefined
            && writer.Options.Encoder is { } encoder
            && JsonMarshal.GetRawUtf8Value(value) is var text
            && IsAsWritten(text, encoder))
        {
            writer.WriteRawValue(text, skipInputValidation: true);
        }
        else
        {
            value.WriteTo(writer);
        }
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
