using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Conversations.Model;

namespace Conversations.Api.Http;

/// <summary>
/// Writes a JSON value (Dify <c>inputs</c>, Mielto <c>meta_data</c> and <c>settings</c>) as the text it
/// was parsed from when that text is already what the writer would write (<see cref="CompactJson.IsAsWritten"/>),
/// and through the writer otherwise, so the bytes on the wire are the same either way.
/// </summary>
/// <remarks>
/// Through the writer, every string of the value is unescaped and escaped again. The stores keep these
/// values compact (<see cref="CompactJson"/>), so a page's values are copied as they are.
/// </remarks>
public sealed class VerbatimJsonConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonElement.ParseValue(ref reader);

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        // A writer without an encoder escapes by its own rules; only the encoder's can be checked here.
        if (value.ValueKind != JsonValueKind.Undefined
            && writer.Options.Encoder is { } encoder
            && JsonMarshal.GetRawUtf8Value(value) is var text
            && CompactJson.IsAsWritten(text, encoder))
        {
            writer.WriteRawValue(text, skipInputValidation: true);
        }
        else
        {
            value.WriteTo(writer);
        }
    }
}
